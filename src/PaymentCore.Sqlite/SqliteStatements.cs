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
    private readonly SqliteStatement _insert;
    private readonly SqliteStatement _update;
    private readonly SqliteStatement _event;

    // Parameter indexes, in TransactionRow.Columns order (0 where a statement does not use the column).
    private readonly int[] _insertAt;
    private readonly int[] _updateAt;
    private readonly int _expectedAt;

    // $eid, $tid, $occurred, $unclaimed, $edoc.
    private readonly int[] _eventAt;
    private readonly SqliteCommand _existing;
    private readonly SqliteCommand _auditHead;
    private readonly SqliteStatement _auditInsert;

    /// <summary>Initializes a new instance of the <see cref="SqliteStatements"/> class.</summary>
    /// <param name="connection">The writer's connection.</param>
    /// <param name="codec">Reads the documents the writer returns (claimed events, the record holding a key).</param>
    public SqliteStatements(SqliteConnection connection, DocumentCodec codec)
    {
        _connection = connection;
        Codec = codec;
        _insert = new SqliteStatement(connection, InsertRecordSql);
        _insertAt = [.. TransactionRow.Columns.Select(c => _insert.IndexOf("$" + c))];
        _update = new SqliteStatement(connection, UpdateRecordSql);
        _updateAt = [.. TransactionRow.Columns.Select(c => _update.IndexOf("$" + c))];
        _expectedAt = _update.IndexOf("$expected");
        _event = new SqliteStatement(connection, InsertEventSql);
        _eventAt = [.. ((string[])["$eid", "$tid", "$occurred", "$unclaimed", "$edoc"]).Select(_event.IndexOf)];
        _existing = Prepare("SELECT document, id FROM transactions WHERE merchant_id = $merchant AND idempotency_key = $key", "$merchant", "$key");
        _auditHead = Audit.SqliteAuditLog.PrepareHead(connection);
        _auditInsert = Audit.SqliteAuditLog.PrepareInsert(connection);
    }

    /// <summary>
    /// Appends audit entries inside the open transaction (within the write's savepoint when it shares the group):
    /// the head is read here, under the write lock the group holds, so each entry links to the one committed or
    /// written just before it, and a write rolled back takes its entries with it.
    /// </summary>
    /// <param name="auditEvents">The events.</param>
    public void AppendAudit(IReadOnlyList<PaymentCore.Audit.AuditEvent> auditEvents) =>
        Audit.SqliteAuditLog.Append(_auditHead, _auditInsert, auditEvents);

    /// <summary>Gets the store's document codec.</summary>
    public DocumentCodec Codec { get; }

    /// <summary>Creates a record and its first event, or returns the record that holds its key.</summary>
    /// <param name="write">The record, its event and their documents.</param>
    /// <returns>The result.</returns>
    public CreateResult Create(in SqliteCreate write)
    {
        var record = write.Record;
        BindRow(_insert, _insertAt, record, write.Payer, write.Document);
        if (_insert.Execute() == 0)
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
        BindRow(_update, _updateAt, record, null, document); // payer_token is fixed at creation: the update does not set it
        _update.Bind(_expectedAt, expectedVersion);
        if (_update.Execute() != 1)
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
        _auditHead.Dispose();
        _auditInsert.Dispose();
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

    private static void BindRow(SqliteStatement statement, int[] at, TransactionRecord record, string? payer, byte[] document)
    {
        var row = new TransactionRow(record);
        Span<byte> key = stackalloc byte[16];
        row.Id.TryWriteBytes(key, bigEndian: true, out _); // as SqliteTransactionStore.Key writes it

        // In TransactionRow.Columns order.
        statement.Bind(at[0], key);
        statement.Bind(at[1], row.MerchantId);
        statement.Bind(at[2], row.IdempotencyKey);
        statement.Bind(at[3], payer); // the blind index when encrypting, never the token then; NULL on update
        statement.Bind(at[4], row.Status);
        statement.Bind(at[5], row.Currency);
        statement.Bind(at[6], row.AmountMinor);
        statement.Bind(at[7], row.CreatedAt);
        statement.Bind(at[8], row.UpdatedAt);
        statement.Bind(at[9], row.Version);
        statement.Bind(at[10], row.HasPending ? 1L : 0L);
        statement.Bind(at[11], row.CountsForActivity ? 1L : 0L);
        if (row.DueAt is { } due)
        {
            statement.Bind(at[12], due);
        }
        else
        {
            statement.BindNull(at[12]);
        }

        statement.Bind(at[13], document);
    }

    private void InsertEvent(PaymentEvent paymentEvent, byte[] document)
    {
        Span<byte> eventId = stackalloc byte[16];
        Span<byte> transactionId = stackalloc byte[16];
        paymentEvent.EventId.TryWriteBytes(eventId, bigEndian: true, out _);
        paymentEvent.TransactionId.Value.TryWriteBytes(transactionId, bigEndian: true, out _);
        _event.Bind(_eventAt[0], eventId);
        _event.Bind(_eventAt[1], transactionId);
        _event.Bind(_eventAt[2], paymentEvent.OccurredAt.UtcTicks);
        _event.Bind(_eventAt[3], DateTimeOffset.MinValue.UtcTicks);
        _event.Bind(_eventAt[4], document);
        _event.Execute();
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
