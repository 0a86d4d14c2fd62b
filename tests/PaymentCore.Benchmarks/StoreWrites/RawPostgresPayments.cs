using Npgsql;
using NpgsqlTypes;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks.StoreWrites;

/// <summary>
/// The PostgreSQL baseline: the store's rows (record columns, JSON document as bytea, outbox row) written straight
/// through Npgsql on the same server with its default durability. Each change is one round trip and one implicit
/// transaction (an <see cref="NpgsqlBatch"/> of the row's statement and the outbox insert), as the store sends it;
/// without the store's idempotency check, version check or writer queue.
/// </summary>
/// <remarks>Thread-safe: each write takes a connection from the pool.</remarks>
/// <param name="dataSource">A database the store's migrations created.</param>
public sealed class RawPostgresPayments(NpgsqlDataSource dataSource)
{
    private const string InsertSql = "INSERT INTO paymentcore.transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, counts_for_activity, due_at, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
    private const string UpdateSql = "UPDATE paymentcore.transactions SET status = $2, updated_at = $3, version = $4, has_pending = $5, counts_for_activity = $6, due_at = $7, document = $8 WHERE id = $1";
    private const string OutboxSql = "INSERT INTO paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document) VALUES ($1, $2, $3, 0, 0, $3, $4)";

    /// <summary>Writes a payment's rows, one commit per change: the first inserted, the others updating it.</summary>
    /// <param name="rows">The changes, first the creation.</param>
    /// <returns>A task that completes when the last change is committed.</returns>
    public async Task WritePaymentAsync((TransactionRecord Record, PaymentEvent Event)[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var (record, paymentEvent) = rows[i];
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(i == 0 ? InsertCommand(record) : UpdateCommand(record));
            batch.BatchCommands.Add(OutboxCommand(paymentEvent));
            await batch.ExecuteNonQueryAsync();
            if (batch.BatchCommands[0].RecordsAffected != 1)
            {
                throw new InvalidOperationException($"{record.Id} was not written: the baseline must write every row.");
            }
        }
    }

    /// <summary>Inserts many records with their events in one commit, by binary COPY (the fastest way in).</summary>
    /// <param name="rows">The records.</param>
    /// <returns>A task that completes when committed.</returns>
    public async Task CreateManyAsync((TransactionRecord Record, PaymentEvent Event)[] rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY paymentcore.transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, counts_for_activity, due_at, document) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (record, _) in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(record.Id.Value, NpgsqlDbType.Uuid);
                await copy.WriteAsync(record.MerchantId, NpgsqlDbType.Text);
                await copy.WriteAsync(record.IdempotencyKey, NpgsqlDbType.Text);
                await copy.WriteAsync(record.Request.Payer.Token, NpgsqlDbType.Text);
                await copy.WriteAsync((short)record.Status, NpgsqlDbType.Smallint);
                await copy.WriteAsync(record.Amount.Currency.Code, NpgsqlDbType.Text);
                await copy.WriteAsync(record.Amount.MinorUnits, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.CreatedAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.UpdatedAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.Version, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.Pending is not null, NpgsqlDbType.Boolean);
                await copy.WriteAsync(record.CountsForActivity, NpgsqlDbType.Boolean);
                if (record.DueAt is { } due)
                {
                    await copy.WriteAsync(due.UtcTicks, NpgsqlDbType.Bigint);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(TransactionRecordJson.Serialize(record), NpgsqlDbType.Bytea);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (_, paymentEvent) in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(paymentEvent.EventId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(paymentEvent.TransactionId.Value, NpgsqlDbType.Uuid);
                await copy.WriteAsync(paymentEvent.OccurredAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(paymentEvent.OccurredAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(TransactionRecordJson.SerializeEvent(paymentEvent), NpgsqlDbType.Bytea);
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    private static NpgsqlBatchCommand InsertCommand(TransactionRecord record)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = record.Id.Value });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.MerchantId });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.IdempotencyKey });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Request.Payer.Token });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)record.Status });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Amount.Currency.Code });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.Amount.MinorUnits });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.CreatedAt.UtcTicks });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.UpdatedAt.UtcTicks });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.Version });
        p.Add(new NpgsqlParameter<bool> { TypedValue = record.Pending is not null });
        p.Add(new NpgsqlParameter<bool> { TypedValue = record.CountsForActivity });
        p.Add(DueAt(record));
        p.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = TransactionRecordJson.Serialize(record) });
        return command;
    }

    private static NpgsqlBatchCommand UpdateCommand(TransactionRecord record)
    {
        var command = new NpgsqlBatchCommand(UpdateSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = record.Id.Value });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)record.Status });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.UpdatedAt.UtcTicks });
        p.Add(new NpgsqlParameter<long> { TypedValue = record.Version });
        p.Add(new NpgsqlParameter<bool> { TypedValue = record.Pending is not null });
        p.Add(new NpgsqlParameter<bool> { TypedValue = record.CountsForActivity });
        p.Add(DueAt(record));
        p.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = TransactionRecordJson.Serialize(record) });
        return command;
    }

    private static NpgsqlBatchCommand OutboxCommand(PaymentEvent paymentEvent)
    {
        var command = new NpgsqlBatchCommand(OutboxSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = paymentEvent.EventId });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = paymentEvent.TransactionId.Value });
        p.Add(new NpgsqlParameter<long> { TypedValue = paymentEvent.OccurredAt.UtcTicks });
        p.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = TransactionRecordJson.SerializeEvent(paymentEvent) });
        return command;
    }

    private static NpgsqlParameter DueAt(TransactionRecord record) =>
        new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = record.DueAt is { } due ? due.UtcTicks : DBNull.Value };
}
