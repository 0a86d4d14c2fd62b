using System.Text;
using Microsoft.Data.Sqlite;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Relational;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite;

/// <summary>
/// The store's writes, as statements prepared once on the writer's connection and reused for every write (SQLite
/// keeps the compiled statement with the command). Runs inside the transaction the <see cref="SqliteWriter"/> opened.
/// </summary>
/// <remarks>Not thread-safe: used only by whichever thread is the writer at the time.</remarks>
internal sealed class SqliteStatements : IDisposable
{
    /// <summary>The outbox columns a read returns, in the order <see cref="ReadMessage"/> reads them (the event id binds the document).</summary>
    internal const string MessageColumns = "seq, document, attempts, next_attempt_at, last_error, dead_lettered_at, event_id";

    private static readonly string InsertRecordSql =
        $"INSERT INTO transactions ({string.Join(", ", TransactionRow.Columns)}) VALUES ({string.Join(", ", TransactionRow.Columns.Select(c => "$" + c))}) ON CONFLICT DO NOTHING";

    private static readonly string UpdateRecordSql =
        $"UPDATE transactions SET {string.Join(", ", TransactionRow.MutableColumns.Select(c => c + " = $" + c))} WHERE id = $id AND version = $expected";

    private const string InsertEventSql =
        "INSERT INTO outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document) VALUES ($eid, $tid, $occurred, $unclaimed, 0, $occurred, $edoc) ON CONFLICT (event_id) DO NOTHING";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _event;
    private readonly SqliteCommand _existing;

    /// <summary>Initializes a new instance of the <see cref="SqliteStatements"/> class.</summary>
    /// <param name="connection">The writer's connection.</param>
    /// <param name="codec">Reads the documents the writer returns (claimed events, the record holding a key).</param>
    public SqliteStatements(SqliteConnection connection, DocumentCodec codec)
    {
        _connection = connection;
        Codec = codec;
        _insert = Prepare(InsertRecordSql, [.. TransactionRow.Columns.Select(c => "$" + c)]);
        _update = Prepare(UpdateRecordSql, [.. TransactionRow.Columns.Select(c => "$" + c), "$expected"]);
        _event = Prepare(InsertEventSql, "$eid", "$tid", "$occurred", "$unclaimed", "$edoc");
        _existing = Prepare("SELECT document, id FROM transactions WHERE merchant_id = $merchant AND idempotency_key = $key", "$merchant", "$key");
    }

    /// <summary>Gets the store's document codec.</summary>
    public DocumentCodec Codec { get; }

    /// <summary>Creates a record and its first event, or returns the record that holds its key.</summary>
    /// <param name="write">The record, its event and their documents.</param>
    /// <returns>The result.</returns>
    public CreateResult Create(in SqliteCreate write)
    {
        var record = write.Record;
        BindRow(_insert, record, write.Payer, write.Document);
        if (_insert.ExecuteNonQuery() == 0)
        {
            // The key (or id, derived from it) is taken: by an earlier commit or earlier in this transaction.
            _existing.Parameters[0].Value = record.MerchantId;
            _existing.Parameters[1].Value = record.IdempotencyKey;
            return new CreateResult(false, SqliteTransactionStore.ReadOne(_existing, Codec));
        }

        InsertEvent(write.Event, write.EventDocument);
        return new CreateResult(true, null);
    }

    /// <summary>Updates a record at its expected version, with its event.</summary>
    /// <param name="record">The record.</param>
    /// <param name="document">Its document.</param>
    /// <param name="expectedVersion">The stored version it replaces.</param>
    /// <param name="paymentEvent">The event, if any.</param>
    /// <param name="eventDocument">Its document, when there is an event.</param>
    /// <returns>Whether the record was at that version (nothing is written otherwise).</returns>
    public bool Update(TransactionRecord record, byte[] document, long expectedVersion, PaymentEvent? paymentEvent, byte[]? eventDocument)
    {
        BindRow(_update, record, null, document); // payer_token is fixed at creation: the update does not set it
        _update.Parameters[^1].Value = expectedVersion;
        if (_update.ExecuteNonQuery() != 1)
        {
            return false;
        }

        if (paymentEvent is not null)
        {
            InsertEvent(paymentEvent, eventDocument!);
        }

        return true;
    }

    /// <summary>Claims due events.</summary>
    /// <param name="maxCount">The most to claim.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <returns>The claimed events, oldest first.</returns>
    public IReadOnlyList<OutboxMessage> Claim(int maxCount, DateTimeOffset now, TimeSpan lease)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            UPDATE outbox SET claimed_until = $until
            WHERE seq IN (SELECT seq FROM outbox WHERE dead_lettered_at IS NULL AND next_attempt_at <= $now AND claimed_until <= $now ORDER BY seq LIMIT $max)
            RETURNING {MessageColumns}
            """;
        command.Parameters.AddWithValue("$until", (now + lease).UtcTicks);
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.Parameters.AddWithValue("$max", maxCount);
        return ReadMessages(command, Codec);
    }

    /// <summary>Deletes delivered events.</summary>
    /// <param name="eventIds">The events.</param>
    public void MarkDelivered(IReadOnlyCollection<Guid> eventIds)
    {
        // One statement per 500 ids (SQLite's parameter limit is far above), all in the writer's one transaction.
        const int Chunk = 500;
        using var command = _connection.CreateCommand();
        var sql = new StringBuilder();
        var batch = new List<Guid>(Math.Min(Chunk, eventIds.Count));
        foreach (var id in eventIds)
        {
            batch.Add(id);
            if (batch.Count == Chunk)
            {
                Delete(command, sql, batch);
            }
        }

        if (batch.Count > 0)
        {
            Delete(command, sql, batch);
        }

        static void Delete(SqliteCommand command, StringBuilder sql, List<Guid> ids)
        {
            sql.Clear().Append("DELETE FROM outbox WHERE event_id IN (");
            command.Parameters.Clear();
            for (var i = 0; i < ids.Count; i++)
            {
                sql.Append(i == 0 ? "$e" : ", $e").Append(i);
                command.Parameters.AddWithValue("$e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ids[i].ToByteArray(bigEndian: true));
            }

            command.CommandText = sql.Append(')').ToString();
            command.ExecuteNonQuery();
            ids.Clear();
        }
    }

    /// <summary>Records a failed delivery and releases the claim.</summary>
    /// <param name="failure">The failure.</param>
    public void RecordFailure(DeliveryFailure failure)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $error, dead_lettered_at = $dead, claimed_until = $unclaimed WHERE event_id = $eid";
        command.Parameters.AddWithValue("$attempts", failure.Attempts);
        command.Parameters.AddWithValue("$next", failure.NextAttemptAt.UtcTicks);
        command.Parameters.AddWithValue("$error", failure.Error);
        command.Parameters.AddWithValue("$dead", failure.DeadLetter ? failure.NextAttemptAt.UtcTicks : DBNull.Value);
        command.Parameters.AddWithValue("$unclaimed", DateTimeOffset.MinValue.UtcTicks);
        command.Parameters.AddWithValue("$eid", failure.EventId.ToByteArray(bigEndian: true));
        command.ExecuteNonQuery();
    }

    /// <summary>Re-drives a dead letter.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="now">When it becomes due.</param>
    /// <returns>Whether it was a dead letter.</returns>
    public bool Redrive(Guid eventId, DateTimeOffset now)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET attempts = 0, next_attempt_at = $now, dead_lettered_at = NULL, claimed_until = $unclaimed WHERE event_id = $eid AND dead_lettered_at IS NOT NULL";
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.Parameters.AddWithValue("$unclaimed", DateTimeOffset.MinValue.UtcTicks);
        command.Parameters.AddWithValue("$eid", eventId.ToByteArray(bigEndian: true));
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _event.Dispose();
        _existing.Dispose();
    }

    /// <summary>Reads outbox rows selected or returned as <see cref="MessageColumns"/>, oldest first.</summary>
    /// <param name="command">The command.</param>
    /// <param name="codec">Decrypts the documents.</param>
    /// <returns>The messages.</returns>
    internal static List<OutboxMessage> ReadMessages(SqliteCommand command, DocumentCodec codec)
    {
        var messages = new List<(long Seq, OutboxMessage Message)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                messages.Add((reader.GetInt64(0), ReadMessage(reader, codec)));
            }
        }

        // RETURNING does not promise an order: oldest first is restored here.
        messages.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        return [.. messages.Select(m => m.Message)];
    }

    private static OutboxMessage ReadMessage(SqliteDataReader reader, DocumentCodec codec) => new(
        codec.ReadEvent(reader.GetFieldValue<byte[]>(1), SqliteTransactionStore.IdOf(reader.GetFieldValue<byte[]>(6))),
        checked((int)reader.GetInt64(2)),
        new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero));

    private static void BindRow(SqliteCommand command, TransactionRecord record, string? payer, byte[] document)
    {
        var row = new TransactionRow(record);
        var p = command.Parameters;

        // In TransactionRow.Columns order.
        p[0].Value = SqliteTransactionStore.Key(record.Id);
        p[1].Value = row.MerchantId;
        p[2].Value = row.IdempotencyKey;
        p[3].Value = (object?)payer ?? DBNull.Value; // the blind index when encrypting, never the token then
        p[4].Value = (long)row.Status;
        p[5].Value = row.Currency;
        p[6].Value = row.AmountMinor;
        p[7].Value = row.CreatedAt;
        p[8].Value = row.UpdatedAt;
        p[9].Value = row.Version;
        p[10].Value = row.HasPending ? 1L : 0L;
        p[11].Value = row.CountsForActivity ? 1L : 0L;
        p[12].Value = row.DueAt is { } due ? due : DBNull.Value;
        p[13].Value = document;
    }

    private void InsertEvent(PaymentEvent paymentEvent, byte[] document)
    {
        var p = _event.Parameters;
        p[0].Value = paymentEvent.EventId.ToByteArray(bigEndian: true);
        p[1].Value = SqliteTransactionStore.Key(paymentEvent.TransactionId);
        p[2].Value = paymentEvent.OccurredAt.UtcTicks;
        p[3].Value = DateTimeOffset.MinValue.UtcTicks;
        p[4].Value = document;
        _event.ExecuteNonQuery();
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
