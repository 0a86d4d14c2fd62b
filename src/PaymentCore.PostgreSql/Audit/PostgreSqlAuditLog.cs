using System.Globalization;
using Npgsql;
using PaymentCore.Audit;
using PaymentCore.Relational;

namespace PaymentCore.PostgreSql.Audit;

/// <summary>
/// The audit chain and its checkpoints in PostgreSQL (<c>paymentcore.audit_entries</c> and
/// <c>paymentcore.audit_checkpoints</c>, schema version 2). An append takes a transaction-scoped advisory lock
/// before it reads the head, so concurrent appenders in any number of processes form one unbroken chain, and the
/// lock is released by the commit or rollback whatever happens.
/// </summary>
/// <remarks>
/// <para>
/// Run the application as a role with only <c>SELECT, INSERT</c> on the two tables (docs/security.md, "Audit
/// trail"); migrations run as the owner. To write an entry in the same transaction as a record change, call
/// <see cref="AppendAsync(NpgsqlTransaction, IReadOnlyList{AuditEvent}, CancellationToken)"/> on the open transaction.
/// </para>
/// <para>Thread-safe: each call takes a connection from the data source's pool.</para>
/// </remarks>
public sealed class PostgreSqlAuditLog : IAuditLog, IDisposable
{
    /// <summary>The advisory lock key held while appending ("PCAUDIT" followed by a zero byte, as a 64-bit number).</summary>
    public const long AppendLockKey = 0x5043415544495400;

    private const string EntryColumns = AuditRows.EntryColumns;
    private const string CheckpointColumns = AuditRows.CheckpointColumns;
    private const string Table = "paymentcore.audit_entries";

    private const string InsertSql =
        "INSERT INTO " + Table + " (" + EntryColumns + ") SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[])";

    // The same insert for one entry, with scalar parameters in the same order.
    private static readonly string InsertOneSql =
        "INSERT INTO " + Table + " (" + EntryColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private static readonly string LockSql = string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({AppendLockKey})");

    private static readonly string HeadOnlySql = AuditRows.HeadSql(Table);

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Opens the audit log on a connection string, migrating the schema as opening the store does (unless migrations are off).</summary>
    /// <param name="options">The store's options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The connection string is missing or malformed, or no key is set without <see cref="PostgreSqlTransactionStoreOptions.AllowPlaintext"/> (the store refuses to open, so the log does too).</exception>
    /// <exception cref="Storage.TransactionStoreException">The server cannot be reached, or the schema is older or newer than this code.</exception>
    public PostgreSqlAuditLog(PostgreSqlTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The store owns the schema and its migrations; opening it once checks (and applies) them.
        using (new PostgreSqlTransactionStore(options))
        {
        }

        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _ownsDataSource = true;
    }

    /// <summary>Opens the audit log on a data source you own (not disposed with the log). The schema must be at version 2 or later: open a <see cref="PostgreSqlTransactionStore"/> on it once, as the owner role.</summary>
    /// <param name="dataSource">The data source, typically connecting as the insert-only application role.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    public PostgreSqlAuditLog(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = false;
    }

    /// <summary>
    /// Appends entries inside a transaction that the caller holds, such as the store's transaction for a record
    /// change: the entries commit or roll back with it. This is the hook for "a change without its audit entry is impossible".
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="auditEvents">The events, in order.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The entries, which exist once the caller commits.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The transaction has no connection.</exception>
    /// <remarks>The advisory lock is held until the caller's transaction ends: keep the rest of it short, since appends from every other transaction wait for it.</remarks>
    public static async ValueTask<IReadOnlyList<AuditEntry>> AppendAsync(NpgsqlTransaction transaction, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(auditEvents);
        var connection = transaction.Connection ?? throw new ArgumentException("The transaction has no connection: it was committed or rolled back.", nameof(transaction));
        return await AppendAsync(connection, transaction, auditEvents, commit: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the append lock, reads the head (a statement of its own, so in READ COMMITTED it sees every append
    /// committed before the lock was granted), chains the entries onto it and inserts them in one round trip, with
    /// the <c>COMMIT</c> in that same round trip when <paramref name="commit"/> is set.
    /// </summary>
    /// <param name="connection">The connection, inside an open transaction (begun with <c>BEGIN</c> or <paramref name="transaction"/>).</param>
    /// <param name="transaction">The transaction object, when there is one.</param>
    /// <param name="auditEvents">The events, in order; when empty, nothing is appended (and only the commit is sent).</param>
    /// <param name="commit">Whether to commit the transaction with the insert.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The entries, which exist once the transaction commits.</returns>
    internal static async ValueTask<IReadOnlyList<AuditEntry>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<AuditEvent> auditEvents, bool commit, CancellationToken cancellationToken)
    {
        if (auditEvents.Count == 0)
        {
            return await InsertAsync(connection, transaction, 0, AuditHash.Zero, auditEvents, commit, cancellationToken).ConfigureAwait(false);
        }

        using var head = new NpgsqlBatch(connection, transaction);
        AddLockAndHead(head);
        var (headSequence, headHash) = await ReadHeadAsync(head, cancellationToken).ConfigureAwait(false);
        return await InsertAsync(connection, transaction, headSequence, headHash, auditEvents, commit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the append lock and the head's read to a batch, as its last two statements: the group-commit writer sends
    /// them after its writes, in the same round trip. The head is read by a statement of its own, after the lock, so
    /// in READ COMMITTED it sees every append committed before the lock was granted.
    /// </summary>
    /// <param name="batch">The batch, inside an open transaction.</param>
    internal static void AddLockAndHead(NpgsqlBatch batch)
    {
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LockSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(HeadOnlySql));
    }

    /// <summary>Runs a batch that ends with <see cref="AddLockAndHead"/>'s statements and returns the head (0 and zeros when empty).</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head's sequence and hash; the batch's commands hold their affected rows once this returns.</returns>
    internal static async ValueTask<(long Sequence, AuditHash Hash)> ReadHeadAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            // Statements without rows are skipped by the reader; the lock's result comes first, the head's last.
            while (!(reader.FieldCount == 2 && string.Equals(reader.GetName(0), "seq", StringComparison.Ordinal)))
            {
                if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The audit head was not read: the batch does not end with the lock and the head.");
                }
            }

            var head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? AuditRows.ReadHead(reader) : (0L, AuditHash.Zero);
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            return head;
        }
    }

    /// <summary>Chains the entries onto the head read under the lock and inserts them in one round trip, with the <c>COMMIT</c> when <paramref name="commit"/> is set.</summary>
    /// <param name="connection">The connection, inside the transaction that holds the lock.</param>
    /// <param name="transaction">The transaction object, when there is one.</param>
    /// <param name="headSequence">The head's sequence.</param>
    /// <param name="headHash">The head's hash.</param>
    /// <param name="auditEvents">The events; when empty, only the commit is sent.</param>
    /// <param name="commit">Whether to commit.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>The entries.</returns>
    internal static async ValueTask<IReadOnlyList<AuditEntry>> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long headSequence, AuditHash headHash, IReadOnlyList<AuditEvent> auditEvents, bool commit, CancellationToken cancellationToken)
    {
        var written = AuditRows.Chain(headSequence, headHash, auditEvents);
        using var batch = new NpgsqlBatch(connection, transaction);
        if (written.Length == 1)
        {
            // The common case, one write's entry: scalar parameters. The arrays of the general case cost Npgsql an
            // array converter and its state per parameter, about a third of what an audited payment allocated.
            var entry = written[0];
            var one = new NpgsqlBatchCommand(InsertOneSql);
            one.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.Sequence });
            one.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.Event.OccurredAt.UtcTicks });
            one.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Event.Actor });
            one.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Event.EventType });
            one.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)entry.Event.Outcome });
            one.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Event.Resource });
            one.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Event.Origin ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            one.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Event.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            one.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.PreviousHash.UnsafeArray });
            one.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.Hash.UnsafeArray });
            batch.BatchCommands.Add(one);
        }
        else if (written.Length > 0)
        {
            // One round trip for every entry: unnest the arrays into rows.
            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.Add(new NpgsqlParameter<long[]> { Value = written.Select(e => e.Sequence).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { Value = written.Select(e => e.Event.OccurredAt.UtcTicks).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { Value = written.Select(e => e.Event.Actor).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { Value = written.Select(e => e.Event.EventType).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<short[]> { Value = written.Select(e => (short)e.Event.Outcome).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { Value = written.Select(e => e.Event.Resource).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string?[]> { Value = written.Select(e => e.Event.Origin).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string?[]> { Value = written.Select(e => e.Event.Detail).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { Value = written.Select(e => e.PreviousHash.UnsafeArray).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { Value = written.Select(e => e.Hash.UnsafeArray).ToArray() });
            batch.BatchCommands.Add(insert);
        }

        if (commit)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
    public async ValueTask<IReadOnlyList<AuditEntry>> AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvents);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var written = await AppendAsync(transaction, auditEvents, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return written;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        var rows = await ReadEntriesAsync("SELECT " + EntryColumns + " FROM paymentcore.audit_entries ORDER BY seq DESC LIMIT 1", [], cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await ReadEntriesAsync(
            "SELECT " + EntryColumns + " FROM paymentcore.audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2",
            [new NpgsqlParameter<long> { Value = afterSequence }, new NpgsqlParameter<int> { Value = limit }],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var parameters = new List<NpgsqlParameter>();
        var sql = AuditRows.QuerySql(query, Table, (_, value) =>
        {
            parameters.Add(value switch
            {
                long l => new NpgsqlParameter<long> { Value = l },
                int i => new NpgsqlParameter<int> { Value = i },
                _ => new NpgsqlParameter<string> { Value = (string)value },
            });
            return string.Create(CultureInfo.InvariantCulture, $"${parameters.Count}");
        });
        var rows = await ReadEntriesAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        return AuditRows.Page(rows, query.Limit);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var command = _dataSource.CreateCommand("INSERT INTO paymentcore.audit_checkpoints (" + CheckpointColumns + ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (number) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<long> { Value = checkpoint.Number });
        command.Parameters.Add(new NpgsqlParameter<long> { Value = checkpoint.Sequence });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { Value = checkpoint.EntryHash.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long> { Value = checkpoint.CreatedAt.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<string> { Value = checkpoint.KeyId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { Value = checkpoint.Signature.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default) =>
        await ReadCheckpointsAsync("SELECT " + CheckpointColumns + " FROM paymentcore.audit_checkpoints ORDER BY number", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<AuditCheckpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var rows = await ReadCheckpointsAsync("SELECT " + CheckpointColumns + " FROM paymentcore.audit_checkpoints ORDER BY number DESC LIMIT 1", cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private async Task<List<AuditEntry>> ReadEntriesAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var rows = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(AuditRows.ReadEntry(reader));
        }

        return rows;
    }

    private async Task<List<AuditCheckpoint>> ReadCheckpointsAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand(sql);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var rows = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(AuditRows.ReadCheckpoint(reader));
        }

        return rows;
    }
}
