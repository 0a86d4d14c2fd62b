using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Audit;
using PaymentCore.Outbox;
using PaymentCore.Relational;
using PaymentCore.Rules;
using PaymentCore.Sqlite.Audit;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite;

/// <summary>
/// Keeps transactions and their outbox in one SQLite file: the durable embedded store. WAL mode, commits flushed
/// to disk by default (<see cref="SqliteTransactionStoreOptions.Synchronous"/>), the schema migrated at open,
/// idempotency keys under a unique constraint, optimistic concurrency by a version column, and each state change
/// written with its event in one transaction. Writes are group-committed: concurrent writes of the process queue
/// for one writer and are committed together, one transaction and one flush for the group, and each caller's
/// task completes only once its own write is durable. Several processes on one file queue for SQLite's write
/// lock (<c>BEGIN IMMEDIATE</c>, up to <see cref="SqliteTransactionStoreOptions.BusyTimeout"/>).
/// </summary>
/// <remarks>
/// Thread-safe. Use one store per file in a process (the DI registration is a singleton): each store has its own
/// writer. A write with nobody else writing is committed on the caller's thread; a caller never waits for the write
/// lock on its thread (the writer thread does). Reads use pooled connections and complete before they return
/// (Microsoft.Data.Sqlite does its I/O synchronously). Dispose the store to commit what is queued and close the
/// connections.
/// </remarks>
public sealed class SqliteTransactionStore : IBatchTransactionStore, IAuditedTransactionStore, IDisposable
{
    private const string SelectByKeySql = "SELECT document, id FROM transactions WHERE merchant_id = $merchant AND idempotency_key = $key";

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly ConcurrentBag<SqliteConnection> _pool = [];
    private readonly SqliteWriter _writer;
    private readonly DocumentCodec _codec;
    private bool _disposed;

    /// <summary>Opens the store: checks the file, turns on WAL, and applies the schema migrations it lacks.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="TransactionStoreException">The database cannot be opened, is not SQLite, is in memory, or has a schema newer than this code.</exception>
    public SqliteTransactionStore(SqliteTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{nameof(options.ConnectionString)} is not a SQLite connection string: {ex.Message}", nameof(options), ex);
        }

        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource.Equals(":memory:", StringComparison.Ordinal))
        {
            throw new TransactionStoreException($"The SQLite store needs a file; '{options.ConnectionString}' is an in-memory database, which loses every payment when it closes. Use InMemoryTransactionStore for that.");
        }

        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _pragmas = options.SessionPragmas() + " PRAGMA foreign_keys = ON;";
        _codec = new DocumentCodec(options.Encryption, "SQLite");
        Migrate();
        _writer = new SqliteWriter(OpenConnection(), options.BusyTimeout, Explain, _codec);
        AuditLog = new SqliteAuditLog(_connectionString, _pragmas);
    }

    /// <summary>Gets the audit chain kept in the store's file; audited writes append to it in their own transaction.</summary>
    public SqliteAuditLog AuditLog { get; }

    /// <inheritdoc />
    IAuditLog IAuditedTransactionStore.AuditLog => AuditLog;

    /// <summary>Gets the database file.</summary>
    public string DataSource { get; }

    /// <summary>Gets the schema version this code writes.</summary>
    public static int SchemaVersion => SqliteMigrations.Latest;

    /// <inheritdoc />
    public ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(paymentEvent);
        CheckNew(record, nameof(record));
        cancellationToken.ThrowIfCancellationRequested();
        var create = SqliteCreate.Of(record, paymentEvent, _codec);
        return new(_writer.Submit(s =>
        {
            try
            {
                return s.Create(create);
            }
            finally
            {
                create.Return();
            }
        }));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CreateResult>> CreateManyAsync(IReadOnlyList<(TransactionRecord Record, PaymentEvent Event)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (record, paymentEvent) in items)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(items));
            ArgumentNullException.ThrowIfNull(paymentEvent, nameof(items));
            CheckNew(record, nameof(items));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (items.Count == 0)
        {
            return new(Array.Empty<CreateResult>());
        }

        // Documents are written (and encrypted) here, on the caller's thread; then one write of the group (its own savepoint),
        // statements prepared once and reused for every row.
        var creates = new SqliteCreate[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            creates[i] = SqliteCreate.Of(items[i].Record, items[i].Event, _codec);
        }

        return new(_writer.Submit<IReadOnlyList<CreateResult>>(s =>
        {
            var results = new CreateResult[creates.Length];
            try
            {
                for (var i = 0; i < creates.Length; i++)
                {
                    results[i] = s.Create(creates[i]);
                }
            }
            finally
            {
                foreach (var create in creates)
                {
                    create.Return();
                }
            }

            return results;
        }));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The record is at version {record.Version}; an update from version {expectedVersion} must be at {expectedVersion + 1}.", nameof(record));
        }

        cancellationToken.ThrowIfCancellationRequested();

        // A stale version or unknown record writes nothing, and no event either.
        // Serialized and encrypted here, on the caller's thread, not on the writer's.
        var document = RentedDocument.Of(record, _codec);
        var eventDocument = paymentEvent is null ? default : RentedDocument.Of(paymentEvent, _codec);
        return new(_writer.Submit(s =>
        {
            try
            {
                return s.Update(record, document.Memory.Span, expectedVersion, paymentEvent, eventDocument.Memory.Span);
            }
            finally
            {
                // The write ran once (a group never runs a write twice): its documents go back to the pool.
                document.Return();
                eventDocument.Return();
            }
        }));
    }

    /// <inheritdoc />
    public ValueTask<CreateResult> TryCreateAuditedAsync(TransactionRecord record, PaymentEvent paymentEvent, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(paymentEvent);
        ArgumentNullException.ThrowIfNull(auditEvents);
        CheckNew(record, nameof(record));
        cancellationToken.ThrowIfCancellationRequested();
        var create = SqliteCreate.Of(record, paymentEvent, _codec);

        // One write of the group: the record, its event and its entries share its savepoint, so they commit together
        // and a write that fails alone undoes its entries too, leaving the chain as the other writes extend it.
        return new(_writer.Submit(s =>
        {
            try
            {
                var result = s.Create(create);
                if (result.Created)
                {
                    s.AppendAudit(auditEvents);
                }

                return result;
            }
            finally
            {
                create.Return();
            }
        }));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAuditedAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(auditEvents);
        if (record.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The record is at version {record.Version}; an update from version {expectedVersion} must be at {expectedVersion + 1}.", nameof(record));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var document = RentedDocument.Of(record, _codec);
        var eventDocument = paymentEvent is null ? default : RentedDocument.Of(paymentEvent, _codec);
        return new(_writer.Submit(s =>
        {
            try
            {
                if (!s.Update(record, document.Memory.Span, expectedVersion, paymentEvent, eventDocument.Memory.Span))
                {
                    return false;
                }

                s.AppendAudit(auditEvents);
                return true;
            }
            finally
            {
                document.Return();
                eventDocument.Return();
            }
        }));
    }

    /// <inheritdoc />
    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT document, id FROM transactions WHERE id = $id";
            command.Parameters.AddWithValue("$id", Key(id));
            return new(ReadOne(command, _codec));
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = SelectByKeySql;
            command.Parameters.AddWithValue("$merchant", merchantId);
            command.Parameters.AddWithValue("$key", idempotencyKey);
            return new(ReadOne(command, _codec));
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT document, id FROM transactions WHERE 1 = 1");
            if (query.MerchantId is not null)
            {
                sql.Append(" AND merchant_id = $merchant");
                command.Parameters.AddWithValue("$merchant", query.MerchantId);
            }

            if (query.PayerToken is not null)
            {
                sql.Append(" AND payer_token = $payer");
                command.Parameters.AddWithValue("$payer", _codec.Payer(query.PayerToken));
            }

            if (query.Status is { } status)
            {
                sql.Append(" AND status = $status");
                command.Parameters.AddWithValue("$status", (int)status);
            }

            if (query.CreatedFrom is { } from)
            {
                sql.Append(" AND created_at >= $from");
                command.Parameters.AddWithValue("$from", from.UtcTicks);
            }

            if (query.CreatedBefore is { } before)
            {
                sql.Append(" AND created_at < $before");
                command.Parameters.AddWithValue("$before", before.UtcTicks);
            }

            if (PageCursor.TryParse(query.ContinuationToken, out var cursor))
            {
                // Row-value comparison: keyset paging on the (created_at, id) index.
                sql.Append(" AND (created_at, id) > ($cursorAt, $cursorId)");
                command.Parameters.AddWithValue("$cursorAt", cursor.CreatedAt.UtcTicks);
                command.Parameters.AddWithValue("$cursorId", Key(cursor.Id));
            }

            sql.Append(" ORDER BY created_at, id LIMIT $limit");
            command.Parameters.AddWithValue("$limit", query.PageSize + 1);
            command.CommandText = sql.ToString();
            var items = new List<TransactionRecord>(Math.Min(query.PageSize + 1, 128));
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    items.Add(_codec.Read(reader.GetFieldValue<byte[]>(0), SqliteTransactionStore.IdOf(reader.GetFieldValue<byte[]>(1))));
                }
            }

            string? token = null;
            if (items.Count > query.PageSize)
            {
                items.RemoveAt(items.Count - 1);
                token = new PageCursor(items[^1].CreatedAt, items[^1].Id).Encode();
            }

            return new(new TransactionPage(items, token));
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payerToken);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM transactions WHERE payer_token = $payer AND created_at > $from AND created_at <= $until AND currency = $currency AND counts_for_activity = 1";
            command.Parameters.AddWithValue("$payer", _codec.Payer(payerToken));
            command.Parameters.AddWithValue("$from", from.UtcTicks);
            command.Parameters.AddWithValue("$until", until.UtcTicks);
            command.Parameters.AddWithValue("$currency", currency.Code);
            using var reader = command.ExecuteReader();
            reader.Read();
            return new(new PayerActivity(until - from, checked((int)reader.GetInt64(0)), Money.FromMinor(reader.GetInt64(1), currency)));
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();

        // A write: the one writer serializes claimers of this process, BEGIN IMMEDIATE those of other processes,
        // so no two can read the same unclaimed rows.
        return new(_writer.Submit(s => s.Claim(maxCount, now, lease)));
    }

    /// <inheritdoc />
    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (eventIds.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        return new(_writer.Submit(s =>
        {
            s.MarkDelivered(eventIds);
            return true;
        }));
    }

    /// <inheritdoc />
    public ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure.Error, nameof(failure));
        cancellationToken.ThrowIfCancellationRequested();
        return new(_writer.Submit(s =>
        {
            s.RecordFailure(failure);
            return true;
        }));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {SqliteStatements.MessageColumns} FROM outbox WHERE dead_lettered_at IS NOT NULL ORDER BY seq LIMIT $max";
            command.Parameters.AddWithValue("$max", maxCount);
            return new(SqliteStatements.ReadMessages(command, _codec));
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_writer.Submit(s => s.Redrive(eventId, now)));
    }

    /// <inheritdoc />
    public ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FILTER (WHERE dead_lettered_at IS NULL), COUNT(*) FILTER (WHERE dead_lettered_at IS NOT NULL), MIN(occurred_at) FILTER (WHERE dead_lettered_at IS NULL) FROM outbox";
            using var reader = command.ExecuteReader();
            reader.Read();
            return new(new OutboxBacklog(
                checked((int)reader.GetInt64(0)),
                checked((int)reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();

            // The WHERE repeats the partial index's condition so SQLite uses it: only due records are read, however
            // many records have no due time.
            command.CommandText = "SELECT document, id FROM transactions WHERE due_at IS NOT NULL AND due_at <= $now ORDER BY due_at, id LIMIT $max";
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            command.Parameters.AddWithValue("$max", maxCount);
            var records = new List<TransactionRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(_codec.Read(reader.GetFieldValue<byte[]>(0), SqliteTransactionStore.IdOf(reader.GetFieldValue<byte[]>(1))));
            }

            return new(records);
        }
        finally
        {
            Return(connection);
        }
    }

    /// <summary>Gets how many transactions this store's writer has committed, for measuring commits per payment.</summary>
    internal long Commits => _writer.Commits;

    /// <summary>Gets the writer, for tests that hold a group open.</summary>
    internal SqliteWriter Writer => _writer;

    /// <summary>Commits the writes still queued and closes the connections.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _writer.Dispose();
        _disposed = true;
        while (_pool.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    internal static byte[] Key(TransactionId id) => id.Value.ToByteArray(bigEndian: true);

    internal static Guid IdOf(byte[] key) => new(key, bigEndian: true);

    private static void CheckNew(TransactionRecord record, string paramName)
    {
        if (record.Version != 1)
        {
            throw new ArgumentException($"A new record must be at version 1, not {record.Version} ({record.Id}).", paramName);
        }
    }

    /// <summary>Reads the document of the first row, if any, selected as <c>document, id</c>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="codec">Decrypts the document (bound to the row id).</param>
    /// <returns>The record, or null.</returns>
    internal static TransactionRecord? ReadOne(SqliteCommand command, DocumentCodec codec)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? codec.Read(reader.GetFieldValue<byte[]>(0), SqliteTransactionStore.IdOf(reader.GetFieldValue<byte[]>(1))) : null;
    }

    private SqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _pool.TryTake(out var pooled) ? pooled : OpenConnection();
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Explain(ex);
        }
    }

    private void Return(SqliteConnection connection)
    {
        if (_disposed || _pool.Count >= 64)
        {
            connection.Dispose();
            return;
        }

        _pool.Add(connection);
    }

    private TransactionStoreException Explain(SqliteException ex) => ex.SqliteErrorCode switch
    {
        26 => new TransactionStoreException($"'{DataSource}' is not a SQLite database (SQLite: {ex.Message}). Point the connection string at a PaymentCore database file, or at a path where a new one can be created.", ex),
        5 => new TransactionStoreException($"The SQLite database '{DataSource}' stayed locked by another process for longer than BusyTimeout (SQLite: {ex.Message}). Another process is writing to the same file; raise BusyTimeout or give each service its own file.", ex),
        14 => new TransactionStoreException($"The SQLite database '{DataSource}' cannot be opened (SQLite: {ex.Message}). Check that its folder exists and the process may write there.", ex),
        _ => new TransactionStoreException($"The SQLite database '{DataSource}' cannot be used (SQLite error {ex.SqliteErrorCode}: {ex.Message}).", ex),
    };

    private void Migrate()
    {
        var connection = Rent();
        try
        {
            // WAL: readers never block the writer, and a commit is one sequential append to the log.
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL";
                wal.ExecuteScalar();
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            SchemaMigrator.Migrate(new SqliteSchemaSession(connection, transaction, _codec), SqliteMigrations.All, apply: true, $"The SQLite database '{DataSource}'", "PaymentCore.Sqlite");
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            connection = null;
            throw Explain(ex);
        }
        finally
        {
            if (connection is not null)
            {
                Return(connection);
            }
        }
    }
}
