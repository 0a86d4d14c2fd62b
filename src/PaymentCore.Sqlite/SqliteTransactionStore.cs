using PaymentCore.Sqlite.Encryption;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PaymentCore.Notifications;
using PaymentCore.Rules;
using PaymentCore.Storage;

namespace PaymentCore.Sqlite;

/// <summary>
/// Keeps transactions and their outbox in one SQLite file: the durable embedded store. WAL mode, commits flushed
/// to disk by default (<see cref="SqliteTransactionStoreOptions.Synchronous"/>), the schema migrated at open,
/// idempotency keys under a unique constraint, optimistic concurrency by a version column, and each state change
/// written with its event in one transaction. Writes start with <c>BEGIN IMMEDIATE</c>, so several processes
/// on one file queue for the write lock (up to <see cref="SqliteTransactionStoreOptions.BusyTimeout"/>) instead
/// of failing half way.
/// </summary>
/// <remarks>
/// Thread-safe: each call uses its own pooled connection. Microsoft.Data.Sqlite does its I/O synchronously, so
/// the returned <see cref="ValueTask"/>s complete before they are returned. Dispose the store to close the
/// connections.
/// </remarks>
public sealed class SqliteTransactionStore : IBatchTransactionStore, IDisposable
{
    private const string Columns = "id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, document";
    private const string InsertRecordSql = "INSERT INTO transactions (" + Columns + ") VALUES ($id, $merchant, $key, $payer, $status, $currency, $amount, $created, $updated, $version, $pending, $doc) ON CONFLICT DO NOTHING";
    private const string InsertEventSql = "INSERT INTO outbox (event_id, transaction_id, occurred_at, claimed_until, document) VALUES ($eid, $tid, $occurred, $unclaimed, $edoc) ON CONFLICT (event_id) DO NOTHING";
    private const string SelectByKeySql = "SELECT document, id FROM transactions WHERE merchant_id = $merchant AND idempotency_key = $key";

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SqliteDocumentCodec _codec;
    private readonly ConcurrentBag<SqliteConnection> _pool = [];
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
        var synchronous = options.Synchronous switch
        {
            SqliteSynchronousMode.Normal => "NORMAL",
            SqliteSynchronousMode.Extra => "EXTRA",
            _ => "FULL",
        };
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON;");
        _codec = new SqliteDocumentCodec(options.Encryption);
        Migrate();
    }

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
        var connection = Rent();
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var writer = new BatchWriter(connection, transaction, _codec);
            var result = writer.Create(record, paymentEvent);
            transaction.Commit();
            return new(result);
        }
        finally
        {
            Return(connection);
        }
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
        var results = new CreateResult[items.Count];
        if (items.Count == 0)
        {
            return new(results);
        }

        var connection = Rent();
        try
        {
            // One transaction, one fsync, prepared statements reused for every row.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var writer = new BatchWriter(connection, transaction, _codec);
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = writer.Create(items[i].Record, items[i].Event);
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return new(results);
        }
        finally
        {
            Return(connection);
        }
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
        var connection = Rent();
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE transactions SET status = $status, updated_at = $updated, version = $version, has_pending = $pending, document = $doc WHERE id = $id AND version = $expected";
                update.Parameters.AddWithValue("$status", (int)record.Status);
                update.Parameters.AddWithValue("$updated", record.UpdatedAt.UtcTicks);
                update.Parameters.AddWithValue("$version", record.Version);
                update.Parameters.AddWithValue("$pending", record.Pending is null ? 0 : 1);
                update.Parameters.AddWithValue("$doc", _codec.Write(record, Key(record.Id)));
                update.Parameters.AddWithValue("$id", Key(record.Id));
                update.Parameters.AddWithValue("$expected", expectedVersion);
                if (update.ExecuteNonQuery() != 1)
                {
                    // Stale version or unknown record: nothing written, and no event either.
                    transaction.Rollback();
                    return new(false);
                }
            }

            if (paymentEvent is not null)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = InsertEventSql;
                BatchWriter.AddEventParameters(insert);
                BatchWriter.SetEvent(insert, paymentEvent, _codec);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return new(true);
        }
        finally
        {
            Return(connection);
        }
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
                    items.Add(_codec.Read(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)));
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
            command.CommandText = "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM transactions WHERE payer_token = $payer AND created_at > $from AND created_at <= $until AND currency = $currency AND status NOT IN (6, 7)";
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
    public ValueTask<IReadOnlyList<PaymentEvent>> ClaimUndeliveredEventsAsync(int maxCount, DateTimeOffset occurredBefore, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            // BEGIN IMMEDIATE takes the write lock first, so two claimers (threads or processes) cannot both
            // read the same unclaimed rows: the second waits and then sees the first one's lease.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE outbox SET claimed_until = $until
                WHERE seq IN (SELECT seq FROM outbox WHERE occurred_at < $before AND claimed_until <= $now ORDER BY seq LIMIT $max)
                RETURNING seq, document, event_id
                """;
            command.Parameters.AddWithValue("$until", (now + lease).UtcTicks);
            command.Parameters.AddWithValue("$before", occurredBefore.UtcTicks);
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            command.Parameters.AddWithValue("$max", maxCount);
            var claimed = new List<(long Seq, PaymentEvent Event)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    claimed.Add((reader.GetInt64(0), _codec.ReadEvent(reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2))));
                }
            }

            transaction.Commit();

            // RETURNING does not promise an order: oldest first is restored here.
            claimed.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
            return new([.. claimed.Select(c => c.Event)]);
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkDeliveredAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM outbox WHERE event_id = $eid";
            command.Parameters.AddWithValue("$eid", eventId.ToByteArray(bigEndian: true));
            command.ExecuteNonQuery();
            transaction.Commit();
            return ValueTask.CompletedTask;
        }
        finally
        {
            Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TransactionRecord>> GetUnfinishedAsync(DateTimeOffset updatedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        try
        {
            using var command = connection.CreateCommand();

            // The WHERE repeats the partial index's condition word for word so SQLite uses the index.
            command.CommandText = "SELECT document, id FROM transactions WHERE (status IN (0, 1) OR has_pending = 1) AND updated_at < $before ORDER BY updated_at, id LIMIT $max";
            command.Parameters.AddWithValue("$before", updatedBefore.UtcTicks);
            command.Parameters.AddWithValue("$max", maxCount);
            var records = new List<TransactionRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(_codec.Read(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)));
            }

            return new(records);
        }
        finally
        {
            Return(connection);
        }
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_pool.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    internal static byte[] Key(TransactionId id) => id.Value.ToByteArray(bigEndian: true);

    private static void CheckNew(TransactionRecord record, string paramName)
    {
        if (record.Version != 1)
        {
            throw new ArgumentException($"A new record must be at version 1, not {record.Version} ({record.Id}).", paramName);
        }
    }

    private static TransactionRecord? ReadOne(SqliteCommand command, SqliteDocumentCodec codec)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? codec.Read(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    private SqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pool.TryTake(out var pooled))
        {
            return pooled;
        }

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
            using (var create = connection.CreateCommand())
            {
                create.Transaction = transaction;
                create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)";
                create.ExecuteNonQuery();
            }

            long current;
            using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
                current = (long)read.ExecuteScalar()!;
            }

            if (current > SqliteMigrations.Latest)
            {
                throw new TransactionStoreException(
                    $"The SQLite database '{DataSource}' has schema version {current}, newer than version {SqliteMigrations.Latest} that this PaymentCore.Sqlite knows. It was written by a newer release: upgrade PaymentCore.Sqlite rather than run old code on it.");
            }

            for (var version = (int)current + 1; version <= SqliteMigrations.Latest; version++)
            {
                using var apply = connection.CreateCommand();
                apply.Transaction = transaction;
                apply.CommandText = SqliteMigrations.All[version - 1] + "\nINSERT INTO schema_version (version) VALUES (" + version.ToString(CultureInfo.InvariantCulture) + ");";
                apply.ExecuteNonQuery();
            }

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

    /// <summary>The create path shared by single and batched creates, with its statements prepared once per transaction.</summary>
    private sealed class BatchWriter : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _event;
        private readonly SqliteCommand _existing;
        private readonly SqliteDocumentCodec _codec;

        public BatchWriter(SqliteConnection connection, SqliteTransaction transaction, SqliteDocumentCodec codec)
        {
            _codec = codec;
            _insert = connection.CreateCommand();
            _insert.Transaction = transaction;
            _insert.CommandText = InsertRecordSql;
            foreach (var name in (string[])["$id", "$merchant", "$key", "$payer", "$status", "$currency", "$amount", "$created", "$updated", "$version", "$pending", "$doc"])
            {
                _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _event = connection.CreateCommand();
            _event.Transaction = transaction;
            _event.CommandText = InsertEventSql;
            AddEventParameters(_event);

            _existing = connection.CreateCommand();
            _existing.Transaction = transaction;
            _existing.CommandText = SelectByKeySql;
            _existing.Parameters.Add(new SqliteParameter { ParameterName = "$merchant" });
            _existing.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        }

        public static void AddEventParameters(SqliteCommand command)
        {
            foreach (var name in (string[])["$eid", "$tid", "$occurred", "$unclaimed", "$edoc"])
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public static void SetEvent(SqliteCommand command, PaymentEvent paymentEvent, SqliteDocumentCodec codec)
        {
            var p = command.Parameters;
            p[0].Value = paymentEvent.EventId.ToByteArray(bigEndian: true);
            p[1].Value = Key(paymentEvent.TransactionId);
            p[2].Value = paymentEvent.OccurredAt.UtcTicks;
            p[3].Value = DateTimeOffset.MinValue.UtcTicks;
            p[4].Value = codec.WriteEvent(paymentEvent, (byte[])p[0].Value!);
        }

        public CreateResult Create(TransactionRecord record, PaymentEvent paymentEvent)
        {
            var p = _insert.Parameters;
            p[0].Value = Key(record.Id);
            p[1].Value = record.MerchantId;
            p[2].Value = record.IdempotencyKey;
            p[3].Value = _codec.Payer(record.Request.Payer.Token);
            p[4].Value = (int)record.Status;
            p[5].Value = record.Amount.Currency.Code;
            p[6].Value = record.Amount.MinorUnits;
            p[7].Value = record.CreatedAt.UtcTicks;
            p[8].Value = record.UpdatedAt.UtcTicks;
            p[9].Value = record.Version;
            p[10].Value = record.Pending is null ? 0 : 1;
            p[11].Value = _codec.Write(record, (byte[])p[0].Value!);
            if (_insert.ExecuteNonQuery() == 0)
            {
                // The key (or id, derived from it) is taken: by an earlier commit or earlier in this batch.
                _existing.Parameters[0].Value = record.MerchantId;
                _existing.Parameters[1].Value = record.IdempotencyKey;
                return new CreateResult(false, ReadOne(_existing, _codec));
            }

            SetEvent(_event, paymentEvent, _codec);
            _event.ExecuteNonQuery();
            return new CreateResult(true, null);
        }

        public void Dispose()
        {
            _insert.Dispose();
            _event.Dispose();
            _existing.Dispose();
        }
    }
}
