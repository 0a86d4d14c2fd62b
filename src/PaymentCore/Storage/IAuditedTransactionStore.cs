using PaymentCore.Audit;
using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>
/// A store that keeps an audit chain beside its records and writes audit entries in the same transaction as the
/// change they record: the record, its outbox event and its entries commit together or not at all, so a change
/// without its audit entry is impossible. The processor uses it when the store implements it and
/// <see cref="Processing.PaymentProcessorOptions.Audit"/> is on.
/// </summary>
/// <remarks>
/// <para>
/// Implementations compute each entry's previous hash inside the write transaction, while they hold the lock that
/// serializes appends (so concurrent writers, in one process or several, produce one unbroken chain), and a write
/// that fails or changes nothing (a stale version, a taken key) appends nothing. Built-ins:
/// <see cref="InMemoryTransactionStore"/>, and the SQLite and PostgreSQL stores.
/// </para>
/// <para>Implementations must be thread-safe.</para>
/// </remarks>
public interface IAuditedTransactionStore : ITransactionStore
{
    /// <summary>Gets the store's audit log: read it, verify it with an <see cref="AuditTrail"/>, append entries that record no change.</summary>
    IAuditLog AuditLog { get; }

    /// <summary>Creates a record with its first event and its audit entries, unless one exists for its merchant and idempotency key (then nothing is appended).</summary>
    /// <param name="record">The record.</param>
    /// <param name="paymentEvent">Its event.</param>
    /// <param name="auditEvents">The audit entries to append, in order, when the record is created.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Created, or the existing record.</returns>
    ValueTask<CreateResult> TryCreateAuditedAsync(TransactionRecord record, PaymentEvent paymentEvent, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default);

    /// <summary>Replaces a record at <paramref name="expectedVersion"/>, with its event and its audit entries in the same transaction.</summary>
    /// <param name="record">The new record, at <paramref name="expectedVersion"/> + 1.</param>
    /// <param name="expectedVersion">The version the change was made from.</param>
    /// <param name="paymentEvent">The event of the change, or <see langword="null"/>.</param>
    /// <param name="auditEvents">The audit entries to append, in order, when the record is written.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when the stored version differs (nothing is written, no entry appended).</returns>
    /// <exception cref="ArgumentException"><paramref name="record"/> is not at <paramref name="expectedVersion"/> + 1.</exception>
    ValueTask<bool> TryUpdateAuditedAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default);
}
