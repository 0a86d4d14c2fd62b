using Microsoft.Data.Sqlite;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks.StoreWrites;

/// <summary>
/// The SQLite baseline: the store's rows (record columns, JSON document, outbox row) written straight through
/// Microsoft.Data.Sqlite on one connection, statements compiled once and reused, WAL with synchronous=FULL like the
/// store. What a careful hand-written program would do, without the store's idempotency check, version check,
/// writer thread or group commit.
/// </summary>
/// <remarks>Not thread-safe: one connection, used by one caller at a time.</remarks>
public sealed class RawSqlitePayments : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _outbox;

    /// <summary>Initializes a new instance of the <see cref="RawSqlitePayments"/> class on a database the store's migrations created.</summary>
    /// <param name="path">The database file.</param>
    public RawSqlitePayments(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        _insert = Prepare(
            "INSERT INTO transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, counts_for_activity, due_at, document) VALUES ($id, $merchant, $key, $payer, $status, $currency, $amount, $created, $updated, $version, $pending, $counts, $due, $doc)",
            "$id", "$merchant", "$key", "$payer", "$status", "$currency", "$amount", "$created", "$updated", "$version", "$pending", "$counts", "$due", "$doc");
        _update = Prepare(
            "UPDATE transactions SET status = $status, updated_at = $updated, version = $version, has_pending = $pending, counts_for_activity = $counts, due_at = $due, document = $doc WHERE id = $id",
            "$id", "$status", "$updated", "$version", "$pending", "$counts", "$due", "$doc");
        _outbox = Prepare(
            "INSERT INTO outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document) VALUES ($eid, $tid, $occurred, $unclaimed, 0, $occurred, $edoc)",
            "$eid", "$tid", "$occurred", "$unclaimed", "$edoc");
    }

    /// <summary>Writes a payment's rows, one commit per change: the first inserted, the others updating it.</summary>
    /// <param name="rows">The changes, first the creation.</param>
    public void WritePayment((TransactionRecord Record, PaymentEvent Event)[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            if (i == 0)
            {
                Insert(transaction, rows[i].Record);
            }
            else
            {
                Update(transaction, rows[i].Record);
            }

            Outbox(transaction, rows[i].Event);
            transaction.Commit();
        }
    }

    /// <summary>Inserts many records with their events in one commit.</summary>
    /// <param name="rows">The records.</param>
    public void CreateMany((TransactionRecord Record, PaymentEvent Event)[] rows)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        foreach (var (record, paymentEvent) in rows)
        {
            Insert(transaction, record);
            Outbox(transaction, paymentEvent);
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _outbox.Dispose();
        _connection.Dispose();
    }

    private void Insert(SqliteTransaction transaction, TransactionRecord record)
    {
        var p = _insert.Parameters;
        p[0].Value = record.Id.Value.ToByteArray(bigEndian: true);
        p[1].Value = record.MerchantId;
        p[2].Value = record.IdempotencyKey;
        p[3].Value = record.Request.Payer.Token;
        p[4].Value = (long)record.Status;
        p[5].Value = record.Amount.Currency.Code;
        p[6].Value = record.Amount.MinorUnits;
        p[7].Value = record.CreatedAt.UtcTicks;
        p[8].Value = record.UpdatedAt.UtcTicks;
        p[9].Value = record.Version;
        p[10].Value = record.Pending is null ? 0L : 1L;
        p[11].Value = record.CountsForActivity ? 1L : 0L;
        p[12].Value = record.DueAt is { } due ? due.UtcTicks : DBNull.Value;
        p[13].Value = TransactionRecordJson.Serialize(record);
        _insert.Transaction = transaction;
        _insert.ExecuteNonQuery();
    }

    private void Update(SqliteTransaction transaction, TransactionRecord record)
    {
        var p = _update.Parameters;
        p[0].Value = record.Id.Value.ToByteArray(bigEndian: true);
        p[1].Value = (long)record.Status;
        p[2].Value = record.UpdatedAt.UtcTicks;
        p[3].Value = record.Version;
        p[4].Value = record.Pending is null ? 0L : 1L;
        p[5].Value = record.CountsForActivity ? 1L : 0L;
        p[6].Value = record.DueAt is { } due ? due.UtcTicks : DBNull.Value;
        p[7].Value = TransactionRecordJson.Serialize(record);
        _update.Transaction = transaction;
        if (_update.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"{record.Id} was not updated: the baseline must write every row.");
        }
    }

    private void Outbox(SqliteTransaction transaction, PaymentEvent paymentEvent)
    {
        var p = _outbox.Parameters;
        p[0].Value = paymentEvent.EventId.ToByteArray(bigEndian: true);
        p[1].Value = paymentEvent.TransactionId.Value.ToByteArray(bigEndian: true);
        p[2].Value = paymentEvent.OccurredAt.UtcTicks;
        p[3].Value = DateTimeOffset.MinValue.UtcTicks;
        p[4].Value = TransactionRecordJson.SerializeEvent(paymentEvent);
        _outbox.Transaction = transaction;
        _outbox.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
