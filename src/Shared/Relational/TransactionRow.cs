using System.Collections.Immutable;
using PaymentCore.Transactions;

namespace PaymentCore.Relational;

/// <summary>
/// The columns a relational store keeps beside a record's JSON document, computed from the record in this one
/// place for both stores: what the queries filter and order by, named after what they mean. The stores build
/// their SQL from <see cref="Columns"/> and bind the values in the same order, so adding a column is one edit
/// here plus a migration per store.
/// </summary>
/// <remarks>
/// Shared source (src/Shared/Relational), compiled into each store package as an internal type: core knows no
/// database, and the two stores share one projection. Immutable value; safe to share between threads.
/// </remarks>
internal readonly struct TransactionRow
{
    /// <summary>Every column of the transactions table, in the order <see cref="TransactionRow"/> binds them.</summary>
    public static readonly ImmutableArray<string> Columns =
    [
        "id", "merchant_id", "idempotency_key", "payer_token", "status", "currency", "amount_minor",
        "created_at", "updated_at", "version", "has_pending", "counts_for_activity", "due_at", "document",
    ];

    /// <summary>The columns an update rewrites; the others are fixed when the record is created.</summary>
    public static readonly ImmutableArray<string> MutableColumns =
        ["status", "updated_at", "version", "has_pending", "counts_for_activity", "due_at", "document"];

    /// <summary>Projects a record.</summary>
    /// <param name="record">The record.</param>
    public TransactionRow(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Id = record.Id.Value;
        MerchantId = record.MerchantId;
        IdempotencyKey = record.IdempotencyKey;
        PayerToken = record.Request.Payer.Token;
        Status = (short)record.Status;
        Currency = record.Amount.Currency.Code;
        AmountMinor = record.Amount.MinorUnits;
        CreatedAt = record.CreatedAt.UtcTicks;
        UpdatedAt = record.UpdatedAt.UtcTicks;
        Version = record.Version;
        HasPending = record.Pending is not null;
        CountsForActivity = record.CountsForActivity;
        DueAt = record.DueAt?.UtcTicks;
    }

    /// <summary>Gets the transaction id (<c>id</c>).</summary>
    public Guid Id { get; }

    /// <summary>Gets the merchant (<c>merchant_id</c>).</summary>
    public string MerchantId { get; }

    /// <summary>Gets the idempotency key (<c>idempotency_key</c>).</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets the payer token (<c>payer_token</c>), for payer activity.</summary>
    public string PayerToken { get; }

    /// <summary>Gets the state (<c>status</c>), for the status filter of queries only: no query names a state by number.</summary>
    public short Status { get; }

    /// <summary>Gets the ISO 4217 code (<c>currency</c>).</summary>
    public string Currency { get; }

    /// <summary>Gets the amount in minor units (<c>amount_minor</c>).</summary>
    public long AmountMinor { get; }

    /// <summary>Gets the creation time in UTC ticks (<c>created_at</c>).</summary>
    public long CreatedAt { get; }

    /// <summary>Gets the last update in UTC ticks (<c>updated_at</c>).</summary>
    public long UpdatedAt { get; }

    /// <summary>Gets the version (<c>version</c>), for optimistic concurrency.</summary>
    public long Version { get; }

    /// <summary>Gets whether an operation is pending (<c>has_pending</c>).</summary>
    public bool HasPending { get; }

    /// <summary>Gets <see cref="TransactionRecord.CountsForActivity"/> (<c>counts_for_activity</c>), for velocity rules.</summary>
    public bool CountsForActivity { get; }

    /// <summary>Gets <see cref="TransactionRecord.DueAt"/> in UTC ticks (<c>due_at</c>), for recovery; null when nothing is due.</summary>
    public long? DueAt { get; }

    /// <summary>
    /// Gets the due time schema version 1 implied for a record written before <c>due_at</c> existed: its last update
    /// when the old recovery query picked it (Received, Authorized or an operation pending), else none. Used only to
    /// backfill <c>due_at</c>; the processor sets <see cref="TransactionRecord.DueAt"/> on every later write.
    /// </summary>
    /// <param name="record">A record read from a version 1 row.</param>
    /// <returns>The due time in UTC ticks, or null.</returns>
    public static long? LegacyDueAt(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.DueAt is { } due)
        {
            return due.UtcTicks;
        }

        return record.Status is TransactionStatus.Received or TransactionStatus.Authorized or TransactionStatus.RequiresAction || record.Pending is not null
            ? record.UpdatedAt.UtcTicks
            : null;
    }
}
