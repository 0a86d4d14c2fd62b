using System.Globalization;
using Microsoft.Data.Sqlite;
using PaymentCore.Audit;
using PaymentCore.Relational;

namespace PaymentCore.Sqlite.Audit;

/// <summary>
/// The audit chain and its checkpoints in the SQLite store's file (tables <c>audit_entries</c> and
/// <c>audit_checkpoints</c>, schema version 2). Appends run under <c>BEGIN IMMEDIATE</c>, SQLite's one write lock,
/// so "read the head, hash, insert" is atomic across threads and processes; triggers refuse UPDATE and DELETE.
/// </summary>
/// <remarks>
/// <para>
/// To write an entry in the same transaction as a record change, call <see cref="Append(SqliteTransaction, IReadOnlyList{AuditEvent})"/>
/// on the store's open write transaction: the entry then exists exactly when the change commits.
/// </para>
/// <para>Thread-safe: each call opens its own (pooled) connection. Microsoft.Data.Sqlite is synchronous, so the ValueTasks complete before they return.</para>
/// </remarks>
public sealed class SqliteAuditLog : IAuditLog
{
    private const string EntryColumns = AuditRows.EntryColumns;
    private const string CheckpointColumns = AuditRows.CheckpointColumns;

    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <summary>Opens the audit log in a SQLite store's file, migrating the file as opening the store does.</summary>
    /// <param name="options">The store's options (the same file, durability and busy timeout).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or no key is set without <see cref="SqliteTransactionStoreOptions.AllowPlaintext"/> (the store refuses to open, so the log does too).</exception>
    /// <exception cref="Storage.TransactionStoreException">The file cannot be used (see <see cref="SqliteTransactionStore"/>).</exception>
    public SqliteAuditLog(SqliteTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The store owns the schema and its migrations: opening it once validates the options, turns on WAL and
        // brings the file to the schema version that has the audit tables.
        using (new SqliteTransactionStore(options))
        {
        }

        _connectionString = options.WaitingConnectionString();
        _pragmas = options.SessionPragmas();
    }

    /// <summary>Opens the log on a store that is already open (and migrated): the store's own audit log.</summary>
    /// <param name="connectionString">The store's connection string.</param>
    /// <param name="pragmas">The store's per-connection pragmas.</param>
    internal SqliteAuditLog(string connectionString, string pragmas)
    {
        _connectionString = connectionString;
        _pragmas = pragmas;
    }

    /// <summary>
    /// Appends entries inside a write transaction that the caller holds, such as the store's transaction for a record
    /// change: the entries commit or roll back with it. This is the hook for "a change without its audit entry is impossible".
    /// </summary>
    /// <param name="transaction">An open transaction begun with <c>BeginTransaction(deferred: false)</c> (<c>BEGIN IMMEDIATE</c>), so that it already holds the write lock when the head is read.</param>
    /// <param name="auditEvents">The events, in order.</param>
    /// <returns>The entries, which exist once the caller commits.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The transaction has no connection.</exception>
    public static IReadOnlyList<AuditEntry> Append(SqliteTransaction transaction, IReadOnlyList<AuditEvent> auditEvents)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(auditEvents);
        var connection = transaction.Connection ?? throw new ArgumentException("The transaction has no connection: it was committed or rolled back.", nameof(transaction));
        if (auditEvents.Count == 0)
        {
            return [];
        }

        using var head = PrepareHead(connection);
        using var insert = PrepareInsert(connection);
        head.Transaction = transaction;
        return Append(head, insert, auditEvents);
    }

    /// <summary>Prepares the statement that reads the head, for <see cref="Append(SqliteCommand, SqliteStatement, IReadOnlyList{AuditEvent})"/>.</summary>
    /// <param name="connection">The connection that writes.</param>
    /// <returns>The command, to be reused for every append on that connection.</returns>
    internal static SqliteCommand PrepareHead(SqliteConnection connection)
    {
        var head = connection.CreateCommand();
        head.CommandText = AuditRows.HeadSql("audit_entries");
        return head;
    }

    /// <summary>Prepares the insert of one entry, its parameters in <see cref="AuditRows.EntryColumns"/> order (indexes 1 to 10).</summary>
    /// <param name="connection">The connection that writes.</param>
    /// <returns>The statement, to be reused for every append on that connection.</returns>
    internal static SqliteStatement PrepareInsert(SqliteConnection connection) =>
        new(connection, "INSERT INTO audit_entries (" + AuditRows.EntryColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

    /// <summary>
    /// Reads the head and inserts the entries chained onto it, with prepared commands on a connection whose write
    /// transaction is open (the store's writer calls this inside a write's savepoint: the entries commit or roll back
    /// with that write, and the next write of the group reads the head this one left).
    /// </summary>
    /// <param name="head">From <see cref="PrepareHead"/>.</param>
    /// <param name="insert">From <see cref="PrepareInsert"/>.</param>
    /// <param name="auditEvents">The events, in order.</param>
    /// <returns>The entries written.</returns>
    internal static IReadOnlyList<AuditEntry> Append(SqliteCommand head, SqliteStatement insert, IReadOnlyList<AuditEvent> auditEvents)
    {
        if (auditEvents.Count == 0)
        {
            return [];
        }

        long headSequence = 0;
        var headHash = AuditHash.Zero;
        using (var reader = head.ExecuteReader())
        {
            if (reader.Read())
            {
                (headSequence, headHash) = AuditRows.ReadHead(reader);
            }
        }

        var written = AuditRows.Chain(headSequence, headHash, auditEvents);
        foreach (var entry in written)
        {
            // Bound through SQLite's API: texts and the hashes' bytes go in without a copy or a binder per value.
            var auditEvent = entry.Event;
            insert.Bind(1, entry.Sequence);
            insert.Bind(2, auditEvent.OccurredAt.UtcTicks);
            insert.Bind(3, auditEvent.Actor);
            insert.Bind(4, auditEvent.EventType);
            insert.Bind(5, (long)auditEvent.Outcome);
            insert.Bind(6, auditEvent.Resource);
            insert.Bind(7, auditEvent.Origin);
            insert.Bind(8, auditEvent.Detail);
            insert.Bind(9, entry.PreviousHash.Bytes);
            insert.Bind(10, entry.Hash.Bytes);
            insert.Execute();
        }

        return written;
    }

    /// <inheritdoc />
    public async ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return (await AppendManyAsync([auditEvent], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditEntry>> AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvents);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var written = Append(transaction, auditEvents);
        transaction.Commit();
        return new(written);
    }

    /// <inheritdoc />
    public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + EntryColumns + " FROM audit_entries ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return new(reader.Read() ? AuditRows.ReadEntry(reader) : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + EntryColumns + " FROM audit_entries WHERE seq > $after ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        return new(ReadEntries(command));
    }

    /// <inheritdoc />
    public ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = AuditRows.QuerySql(query, "audit_entries", (name, value) =>
        {
            command.Parameters.AddWithValue("$" + name, value);
            return "$" + name;
        });
        return new(AuditRows.Page(ReadEntries(command), query.Limit));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO audit_checkpoints (" + CheckpointColumns + ") VALUES ($number, $seq, $hash, $at, $key, $sig) ON CONFLICT (number) DO NOTHING";
        command.Parameters.AddWithValue("$number", checkpoint.Number);
        command.Parameters.AddWithValue("$seq", checkpoint.Sequence);
        command.Parameters.AddWithValue("$hash", checkpoint.EntryHash.ToArray());
        command.Parameters.AddWithValue("$at", checkpoint.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$key", checkpoint.KeyId);
        command.Parameters.AddWithValue("$sig", checkpoint.Signature.ToArray());
        return new(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + CheckpointColumns + " FROM audit_checkpoints ORDER BY number";
        return new(ReadCheckpoints(command));
    }

    /// <inheritdoc />
    public ValueTask<AuditCheckpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + CheckpointColumns + " FROM audit_checkpoints ORDER BY number DESC LIMIT 1";
        var rows = ReadCheckpoints(command);
        return new(rows.Count == 0 ? null : rows[0]);
    }

    private static List<AuditEntry> ReadEntries(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return AuditRows.ReadEntries(reader);
    }

    private static List<AuditCheckpoint> ReadCheckpoints(SqliteCommand command)
    {
        var rows = new List<AuditCheckpoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(AuditRows.ReadCheckpoint(reader));
        }

        return rows;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _pragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
