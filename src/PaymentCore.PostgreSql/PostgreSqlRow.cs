using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using PaymentCore.Notifications;
using PaymentCore.Relational;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql;

/// <summary>
/// Binds the shared <see cref="TransactionRow"/> projection to Npgsql parameters, <c>$1</c> to <c>$14</c> in
/// <see cref="TransactionRow.Columns"/> order, and builds the statements from the same list. Documents are
/// written by the store's <see cref="DocumentCodec"/> (encrypted when a key is configured; plaintext ones into pooled
/// arrays, <see cref="RentedDocument"/>, returned when the statement has run), and the payer column is the codec's
/// blind index of the token.
/// </summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
internal static class PostgreSqlRow
{
    /// <summary>The number of record parameters; event parameters follow.</summary>
    public static readonly int Count = TransactionRow.Columns.Length;

    /// <summary>Creates a record and its first event in one statement (a data-modifying CTE); one row affected when created.</summary>
    public static readonly string CreateSql = $"""
        WITH created AS (
            INSERT INTO paymentcore.transactions ({string.Join(", ", TransactionRow.Columns)})
            VALUES ({string.Join(", ", Enumerable.Range(1, Count).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)))})
            ON CONFLICT DO NOTHING
            RETURNING id)
        INSERT INTO paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document)
        SELECT ${Count + 1}, id, ${Count + 2}, 0, 0, ${Count + 2}, ${Count + 3} FROM created
        """;

    /// <summary>Updates a record at the expected version (<c>$15</c>); one row affected when written.</summary>
    public static readonly string UpdateSql =
        $"UPDATE paymentcore.transactions SET {string.Join(", ", TransactionRow.MutableColumns.Select(c => c + " = $" + (TransactionRow.Columns.IndexOf(c) + 1).ToString(CultureInfo.InvariantCulture)))} WHERE id = $1 AND version = ${Count + 1}";

    /// <summary>Updates a record at the expected version with its event (<c>$16</c> to <c>$18</c>) in one statement.</summary>
    public static readonly string UpdateWithEventSql = $"""
        WITH updated AS ({UpdateSql} RETURNING id)
        INSERT INTO paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document)
        SELECT ${Count + 2}, id, ${Count + 3}, 0, 0, ${Count + 3}, ${Count + 4} FROM updated
        """;

    /// <summary>Adds the record's parameters in column order.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="record">The record.</param>
    /// <param name="payer">Its payer column (<see cref="DocumentCodec.Payer"/>).</param>
    /// <param name="document">Its stored document.</param>
    public static void Add(NpgsqlParameterCollection p, TransactionRecord record, string payer, ReadOnlyMemory<byte> document)
    {
        var row = new TransactionRow(record);
        p.Add(new NpgsqlParameter<Guid> { TypedValue = row.Id });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.MerchantId });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.IdempotencyKey });
        p.Add(new NpgsqlParameter<string> { TypedValue = payer });
        p.Add(new NpgsqlParameter<short> { TypedValue = row.Status });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.Currency });
        p.Add(new NpgsqlParameter<long> { TypedValue = row.AmountMinor });
        p.Add(new NpgsqlParameter<long> { TypedValue = row.CreatedAt });
        p.Add(new NpgsqlParameter<long> { TypedValue = row.UpdatedAt });
        p.Add(new NpgsqlParameter<long> { TypedValue = row.Version });
        p.Add(new NpgsqlParameter<bool> { TypedValue = row.HasPending });
        p.Add(new NpgsqlParameter<bool> { TypedValue = row.CountsForActivity });
        p.Add(OptionalTicks(row.DueAt));
        p.Add(Document(document));
    }

    /// <summary>Writes the record's columns to a binary COPY row, in column order.</summary>
    /// <param name="importer">The importer, at the start of the record's columns.</param>
    /// <param name="record">The record.</param>
    /// <param name="payer">Its payer column (<see cref="DocumentCodec.Payer"/>).</param>
    /// <param name="document">Its stored document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when written.</returns>
    public static async Task WriteAsync(NpgsqlBinaryImporter importer, TransactionRecord record, string payer, ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        var row = new TransactionRow(record);
        await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.MerchantId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.IdempotencyKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(payer, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Status, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Currency, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.AmountMinor, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.CreatedAt, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.UpdatedAt, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Version, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.HasPending, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.CountsForActivity, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        if (row.DueAt is { } due)
        {
            await importer.WriteAsync(due, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }

        await importer.WriteAsync(document, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds an event's parameters: id, occurred at, document.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="document">Its document.</param>
    public static void AddEvent(NpgsqlParameterCollection p, PaymentEvent paymentEvent, ReadOnlyMemory<byte> document)
    {
        p.Add(new NpgsqlParameter<Guid> { TypedValue = paymentEvent.EventId });
        p.Add(new NpgsqlParameter<long> { TypedValue = paymentEvent.OccurredAt.UtcTicks });
        p.Add(Document(document));
    }

    /// <summary>A nullable bigint of UTC ticks.</summary>
    /// <param name="ticks">The value.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter OptionalTicks(long? ticks) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = ticks is { } value ? value : DBNull.Value };

    /// <summary>A document parameter (bytea: a ciphertext, or the plain JSON's UTF-8 bytes), sent from memory with no copy.</summary>
    /// <param name="document">The stored document.</param>
    /// <returns>The parameter.</returns>
    public static NpgsqlParameter<ReadOnlyMemory<byte>> Document(ReadOnlyMemory<byte> document) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = document };
}
