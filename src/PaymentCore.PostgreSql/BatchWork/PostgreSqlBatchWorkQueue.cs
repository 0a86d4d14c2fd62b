using Npgsql;
using PaymentCore.Batch;
using PaymentCore.BatchWork;
using PaymentCore.Monetary;

namespace PaymentCore.PostgreSql.BatchWork;

/// <summary>
/// A batch work queue in PostgreSQL (<c>paymentcore.batch_runs</c>, <c>batch_chunks</c>, <c>batch_chunk_totals</c>,
/// schema version 4), shared by every process that connects to the database: a claim takes the first open chunk
/// with <c>FOR UPDATE SKIP LOCKED</c>, so workers claiming at once never wait for each other nor get the same chunk,
/// and a chunk whose lease ran out (its worker crashed) is claimable again.
/// </summary>
/// <remarks>
/// <para>
/// Leases are timed by the database server's clock (<c>clock_timestamp()</c>), not the workers', so workers on
/// machines whose clocks disagree still agree on when a lease ran out. A chunk's totals are written in the same
/// transaction that marks it finished, and only while the claim's lease token is still the chunk's: a worker that
/// lost its lease to another cannot count the chunk a second time.
/// </para>
/// <para>Thread-safe: each call takes a connection from the data source's pool.</para>
/// </remarks>
public sealed class PostgreSqlBatchWorkQueue : IBatchWorkQueue, IDisposable
{
    // The free chunk is chosen once, in a materialized CTE: as a subquery joined in UPDATE ... FROM, the planner may
    // rescan it per row and lease every open chunk at once (seen: each claim took all of them, and the others expired).
    private const string ClaimSql = """
        WITH free AS MATERIALIZED (
            SELECT chunk_no FROM paymentcore.batch_chunks
            WHERE merchant_id = $1 AND batch_id = $2 AND completed_at IS NULL
              AND (leased_until IS NULL OR leased_until < clock_timestamp())
            ORDER BY chunk_no
            LIMIT 1
            FOR UPDATE SKIP LOCKED)
        UPDATE paymentcore.batch_chunks c
        SET lease_token = $3, leased_by = $4, leased_until = clock_timestamp() + $5, attempts = c.attempts + 1
        FROM free
        WHERE c.merchant_id = $1 AND c.batch_id = $2 AND c.chunk_no = free.chunk_no
        RETURNING c.chunk_no, c.first_seq, c.item_count, c.attempts
        """;

    private const string HeldSql = "merchant_id = $1 AND batch_id = $2 AND chunk_no = $3 AND lease_token = $4 AND completed_at IS NULL";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Opens the queue on the store's connection string, migrating the schema as opening the store does (unless migrations are off).</summary>
    /// <param name="options">The store's options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The connection string is missing or malformed.</exception>
    /// <exception cref="Storage.TransactionStoreException">The server cannot be reached, or the schema is newer than this code.</exception>
    public PostgreSqlBatchWorkQueue(PostgreSqlTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The store owns the schema and its migrations; opening it once checks (and applies) them.
        using (new PostgreSqlTransactionStore(options))
        {
        }

        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _ownsDataSource = true;
    }

    /// <summary>Opens the queue on a data source you own (not disposed with the queue). The schema must be at version 4 or later: open a <see cref="PostgreSqlTransactionStore"/> on it once.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    public PostgreSqlBatchWorkQueue(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = false;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The plan has no items per chunk, a negative number of items, or no fingerprint.</exception>
    public async ValueTask<BatchWorkPlan> EnqueueAsync(BatchWorkPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.ChunkSize < 1 || plan.TotalItems < 0 || string.IsNullOrEmpty(plan.Fingerprint) || string.IsNullOrWhiteSpace(plan.Run.MerchantId) || string.IsNullOrWhiteSpace(plan.Run.BatchId))
        {
            throw new ArgumentException("The plan needs a merchant id, a batch id, a fingerprint, ChunkSize of at least 1 and TotalItems of at least 0.", nameof(plan));
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        // The run row and its chunks commit together: a worker that sees the run sees every chunk of it.
        var insert = new NpgsqlCommand(
            """
            WITH run AS (
                INSERT INTO paymentcore.batch_runs (merchant_id, batch_id, fingerprint, total_items, chunk_size, chunk_count)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT DO NOTHING
                RETURNING merchant_id, batch_id)
            INSERT INTO paymentcore.batch_chunks (merchant_id, batch_id, chunk_no, first_seq, item_count)
            SELECT run.merchant_id, run.batch_id, g, g::bigint * $5 + 1, LEAST($5::bigint, $4 - g::bigint * $5)::int
            FROM run, generate_series(0, $6 - 1) g
            """,
            connection,
            transaction);
        await using (insert.ConfigureAwait(false))
        {
            Add(insert, plan.Run.MerchantId, plan.Run.BatchId, plan.Fingerprint, plan.TotalItems, plan.ChunkSize, plan.ChunkCount);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var stored = await ReadPlanAsync(connection, transaction, plan.Run, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Batch run '{plan.Run.BatchId}' was neither inserted nor found.");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public async ValueTask<BatchWorkChunk?> ClaimAsync(BatchRunKey run, string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        var token = Guid.NewGuid();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(ClaimSql, connection);
        await using var commandScope = command.ConfigureAwait(false);
        Add(command, run.MerchantId, run.BatchId, token, workerId, lease);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new BatchWorkChunk
        {
            Run = run,
            Number = reader.GetInt32(0),
            FirstSequence = reader.GetInt64(1),
            Count = reader.GetInt32(2),
            LeaseToken = token,
            Attempt = reader.GetInt32(3),
        };
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(BatchWorkChunk chunk, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand($"UPDATE paymentcore.batch_chunks SET leased_until = clock_timestamp() + $5 WHERE {HeldSql}", connection);
        await using var commandScope = command.ConfigureAwait(false);
        Add(command, chunk.Run.MerchantId, chunk.Run.BatchId, chunk.Number, chunk.LeaseToken, lease);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> CompleteAsync(BatchWorkChunk chunk, BatchWorkTotals totals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(totals);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var done = new NpgsqlCommand(
            $"UPDATE paymentcore.batch_chunks SET completed_at = clock_timestamp(), leased_until = NULL, replayed = $5 WHERE {HeldSql}",
            connection,
            transaction);
        await using (done.ConfigureAwait(false))
        {
            Add(done, chunk.Run.MerchantId, chunk.Run.BatchId, chunk.Number, chunk.LeaseToken, totals.Replayed);
            if (await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false; // the lease was lost: the chunk's new holder counts it
            }
        }

        // Counts by status carry no currency; amounts by status and currency carry one. Both sum per run.
        var statuses = new List<string>();
        var currencies = new List<string?>();
        var counts = new List<long>();
        var minors = new List<long>();
        void Row(BatchItemStatus status, string? currency, long count, long minor)
        {
            statuses.Add(status.ToString());
            currencies.Add(currency);
            counts.Add(count);
            minors.Add(minor);
        }

        foreach (var (status, count) in totals.CountByStatus)
        {
            Row(status, null, count, 0);
        }

        foreach (var amount in totals.Amounts)
        {
            Row(amount.Status, amount.Total.Currency.Code, amount.Count, amount.Total.MinorUnits);
        }

        var insert = new NpgsqlCommand(
            """
            INSERT INTO paymentcore.batch_chunk_totals (merchant_id, batch_id, chunk_no, status, currency, item_count, amount_minor)
            SELECT $1, $2, $3, s, c, n, m FROM unnest($4::text[], $5::text[], $6::bigint[], $7::bigint[]) AS t(s, c, n, m)
            """,
            connection,
            transaction);
        await using (insert.ConfigureAwait(false))
        {
            Add(insert, chunk.Run.MerchantId, chunk.Run.BatchId, chunk.Number, statuses.ToArray(), currencies.ToArray(), counts.ToArray(), minors.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(BatchWorkChunk chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand($"UPDATE paymentcore.batch_chunks SET leased_until = NULL, lease_token = NULL WHERE {HeldSql}", connection);
        await using var commandScope = command.ConfigureAwait(false);
        Add(command, chunk.Run.MerchantId, chunk.Run.BatchId, chunk.Number, chunk.LeaseToken);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<BatchWorkProgress?> GetProgressAsync(BatchRunKey run, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var plan = await ReadPlanAsync(connection, transaction, run, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return null;
        }

        int completed;
        long replayed;
        var chunks = new NpgsqlCommand(
            "SELECT count(*)::int, COALESCE(sum(replayed), 0)::bigint FROM paymentcore.batch_chunks WHERE merchant_id = $1 AND batch_id = $2 AND completed_at IS NOT NULL",
            connection,
            transaction);
        await using (chunks.ConfigureAwait(false))
        {
            Add(chunks, run.MerchantId, run.BatchId);
            var reader = await chunks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (completed, replayed) = (reader.GetInt32(0), reader.GetInt64(1));
        }

        var counts = new Dictionary<BatchItemStatus, long>();
        var amounts = new List<BatchAmount>();
        var sums = new NpgsqlCommand(
            """
            SELECT status, currency, sum(item_count)::bigint, sum(amount_minor)::bigint FROM paymentcore.batch_chunk_totals
            WHERE merchant_id = $1 AND batch_id = $2 GROUP BY status, currency
            """,
            connection,
            transaction);
        await using (sums.ConfigureAwait(false))
        {
            Add(sums, run.MerchantId, run.BatchId);
            var reader = await sums.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var status = Enum.Parse<BatchItemStatus>(reader.GetString(0));
                if (reader.IsDBNull(1))
                {
                    counts[status] = reader.GetInt64(2);
                }
                else
                {
                    amounts.Add(new BatchAmount(status, reader.GetInt64(2), Money.FromMinor(reader.GetInt64(3), Currency.FromCode(reader.GetString(1)))));
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        amounts.Sort((a, b) => a.Status != b.Status ? a.Status.CompareTo(b.Status) : string.CompareOrdinal(a.Total.Currency.Code, b.Total.Currency.Code));
        return new BatchWorkProgress(plan, completed, new BatchWorkTotals { CountByStatus = counts, Amounts = amounts, Replayed = replayed });
    }

    /// <summary>Closes the connection pool when the queue made it.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static async ValueTask<BatchWorkPlan?> ReadPlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRunKey run, CancellationToken cancellationToken)
    {
        var read = new NpgsqlCommand(
            "SELECT fingerprint, total_items, chunk_size FROM paymentcore.batch_runs WHERE merchant_id = $1 AND batch_id = $2",
            connection,
            transaction);
        await using var readScope = read.ConfigureAwait(false);
        Add(read, run.MerchantId, run.BatchId);
        var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new BatchWorkPlan { Run = run, Fingerprint = reader.GetString(0), TotalItems = reader.GetInt64(1), ChunkSize = reader.GetInt32(2) }
            : null;
    }

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
