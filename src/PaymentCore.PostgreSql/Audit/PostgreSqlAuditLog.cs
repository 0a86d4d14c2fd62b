using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using PaymentCore.Audit;

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

    private const string EntryColumns = "seq, occurred_at, actor, event_type, outcome, resource, origin, detail, prev_hash, hash";
    private const string CheckpointColumns = "number, seq, entry_hash, created_at, key_id, signature";

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
        var written = new AuditEntry[auditEvents.Count];
        if (written.Length == 0)
        {
            return written;
        }

        long headSequence = 0;
        var headHash = AuditHash.Zero;
        using (var head = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({AppendLockKey}); SELECT seq, hash FROM paymentcore.audit_entries ORDER BY seq DESC LIMIT 1"), connection, transaction))
        {
            var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    headSequence = reader.GetInt64(0);
                    headHash = AuditHash.FromStored(reader.GetFieldValue<byte[]>(1));
                }
            }
        }

        for (var i = 0; i < written.Length; i++)
        {
            var auditEvent = auditEvents[i] ?? throw new ArgumentNullException(nameof(auditEvents));
            written[i] = AuditEntry.Next(headSequence, headHash, auditEvent);
            headSequence = written[i].Sequence;
            headHash = written[i].Hash;
        }

        // One round trip for every entry: unnest the arrays into rows.
        using var insert = new NpgsqlCommand(
            "INSERT INTO paymentcore.audit_entries (" + EntryColumns + ") SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[])",
            connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter<long[]> { Value = written.Select(e => e.Sequence).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { Value = written.Select(e => e.Event.OccurredAt.UtcTicks).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { Value = written.Select(e => e.Event.Actor).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { Value = written.Select(e => e.Event.EventType).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<short[]> { Value = written.Select(e => (short)e.Event.Outcome).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { Value = written.Select(e => e.Event.Resource).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { Value = written.Select(e => e.Event.Origin).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string?[]> { Value = written.Select(e => e.Event.Detail).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { Value = written.Select(e => e.PreviousHash.ToArray()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { Value = written.Select(e => e.Hash.ToArray()).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        var sql = new StringBuilder("SELECT " + EntryColumns + " FROM paymentcore.audit_entries WHERE seq > $1");
        var parameters = new List<NpgsqlParameter> { new NpgsqlParameter<long> { Value = query.AfterSequence } };
        void Filter(string column, NpgsqlParameter parameter, string op = "=")
        {
            parameters.Add(parameter);
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} {op} ${parameters.Count}");
        }

        if (query.Resource is not null)
        {
            Filter("resource", new NpgsqlParameter<string> { Value = query.Resource });
        }

        if (query.Actor is not null)
        {
            Filter("actor", new NpgsqlParameter<string> { Value = query.Actor });
        }

        if (query.EventType is not null)
        {
            Filter("event_type", new NpgsqlParameter<string> { Value = query.EventType });
        }

        if (query.From is { } from)
        {
            Filter("occurred_at", new NpgsqlParameter<long> { Value = from.UtcTicks }, ">=");
        }

        if (query.To is { } to)
        {
            Filter("occurred_at", new NpgsqlParameter<long> { Value = to.UtcTicks }, "<");
        }

        // One row more than the page says whether another page exists.
        parameters.Add(new NpgsqlParameter<int> { Value = query.Limit + 1 });
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY seq LIMIT ${parameters.Count}");
        var rows = await ReadEntriesAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false);
        return rows.Count > query.Limit
            ? new AuditPage(rows.Take(query.Limit).ToArray(), rows[query.Limit - 1].Sequence)
            : new AuditPage(rows, null);
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
            rows.Add(AuditEntry.FromStored(
                reader.GetInt64(0),
                reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
                reader.IsDBNull(3) ? string.Empty : reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                reader.GetInt16(4),
                reader.IsDBNull(5) ? string.Empty : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? [] : reader.GetFieldValue<byte[]>(8),
                reader.IsDBNull(9) ? [] : reader.GetFieldValue<byte[]>(9)));
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
            rows.Add(new AuditCheckpoint(
                reader.GetInt64(0),
                reader.GetInt64(1),
                AuditHash.FromStored(reader.GetFieldValue<byte[]>(2)),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5)));
        }

        return rows;
    }
}
