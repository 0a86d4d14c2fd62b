using System.Collections.Concurrent;
using Npgsql;
using PaymentCore.Audit;
using PaymentCore.PostgreSql.Audit;

namespace PaymentCore.PostgreSql;

/// <summary>
/// Group commit for one store: creates and updates that arrive while a group is being committed wait in a queue
/// and are sent together as one batch (<c>BEGIN</c>, the statements in record-id order, <c>COMMIT</c>): one round
/// trip and one commit for the group. Each caller's task completes only after the commit holding its write.
/// </summary>
/// <remarks>
/// <para>
/// When nobody else is writing, the caller sends its own statement alone (autocommit, atomic on its own, as
/// before), so a single writer pays nothing for the queue. At most <see cref="MaxLeaders"/> groups are in flight
/// at once; the server's own group commit merges their flushes.
/// </para>
/// <para>
/// A group is all or nothing on the server. If any statement fails (a constraint, or a deadlock with another
/// instance's group), the group is rolled back and each of its writes is sent again alone, so only the write that
/// breaks a constraint fails. Version conflicts and taken keys are results, not errors. If the connection breaks,
/// every write of the group fails with that error, as a lone statement would.
/// </para>
/// <para>
/// Audited writes (<see cref="PostgreSqlWrite.Audit"/>) keep the group's transaction open after its statements:
/// the audit entries of the writes that took effect are then chained under the audit append lock (a
/// transaction-scoped advisory lock, taken after the rows are written so it is held only for the insert and the
/// commit) and inserted with the <c>COMMIT</c> in one more round trip. A write that takes no effect appends nothing;
/// one that fails is rolled back with its entries before the others are sent again alone. Thread-safe.
/// </para>
/// </remarks>
internal sealed class PostgreSqlWriter(Func<CancellationToken, ValueTask<NpgsqlConnection>> open)
{
    /// <summary>
    /// How many groups may be in flight at once, each on its own connection: the server runs a group's statements
    /// one after another in one backend, so several groups use its cores, and its own group commit merges their flushes.
    /// </summary>
    internal const int MaxLeaders = 8;

    // Bounds one transaction (and one group's latency); more waiting writes go into the next one.
    private const int MaxGroup = 64;

    private readonly ConcurrentQueue<PostgreSqlWrite> _queue = new();
    private int _leaders;
    private long _commits;

    /// <summary>Gets how many transactions the writer committed (groups and lone statements), for the benchmarks.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Queues a write and commits it, with the others waiting, before the task completes.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="write">The write.</param>
    /// <param name="cancellationToken">Checked before the write is queued; once queued, it is committed whatever happens, since a leader commits other callers' writes too.</param>
    /// <returns>The result, once committed.</returns>
    public async Task<T> SubmitAsync<T>(PostgreSqlWrite<T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _queue.Enqueue(write);
        if (write.Audit.Count > 0 ? TryLeadAlone() : TryLead())
        {
            try
            {
                await CommitGroupAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                // Writes queued meanwhile are committed by a pool task; this caller returns once its own is done.
                HandOff();
            }
        }

        return await write.Task.ConfigureAwait(false);
    }

    // An audited write appends to the one audit chain, under one lock held to the commit: audited groups commit one
    // after another whatever the number of leaders. So an audited write leads only when nobody does; otherwise it
    // waits in the queue and the next group takes it, and the writes that queue meanwhile share one lock and one flush.
    private bool TryLeadAlone() => Interlocked.CompareExchange(ref _leaders, 1, 0) == 0;

    private bool TryLead()
    {
        var leaders = Volatile.Read(ref _leaders);
        while (leaders < MaxLeaders)
        {
            var seen = Interlocked.CompareExchange(ref _leaders, leaders + 1, leaders);
            if (seen == leaders)
            {
                return true;
            }

            leaders = seen;
        }

        return false;
    }

    private void HandOff()
    {
        if (!_queue.IsEmpty)
        {
            _ = Task.Run(LeadAsync);
            return;
        }

        Interlocked.Decrement(ref _leaders);
        if (!_queue.IsEmpty && TryLead())
        {
            _ = Task.Run(LeadAsync);
        }
    }

    private async Task LeadAsync()
    {
        while (true)
        {
            while (!_queue.IsEmpty)
            {
                await CommitGroupAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Interlocked.Decrement(ref _leaders);
            if (_queue.IsEmpty || !TryLead())
            {
                return;
            }
        }
    }

    private async Task CommitGroupAsync(CancellationToken cancellationToken)
    {
        var group = new List<PostgreSqlWrite>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
        {
            group.Add(next);
        }

        if (group.Count == 0)
        {
            return;
        }

        try
        {
            await CommitAsync(group, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The connection failed (or could not be opened): no caller is left waiting. A write already
            // completed keeps its result.
            foreach (var write in group)
            {
                write.Fail(ex);
            }
        }
    }

    private async Task CommitAsync(List<PostgreSqlWrite> group, CancellationToken cancellationToken)
    {
        var connection = await open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (group.Count == 1)
            {
                await RunAloneAsync(group[0], connection).ConfigureAwait(false);
                return;
            }

            // Id order (stable): groups of different instances lock rows in one order, so they rarely deadlock.
            group = [.. group.OrderBy(w => w.RecordId)];
            var audited = group.Exists(static w => w.Audit.Count > 0);
            using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            foreach (var write in group)
            {
                batch.BatchCommands.Add(write.Command());
            }

            if (audited)
            {
                // The lock and the head's read ride in the same round trip, after the writes.
                PostgreSqlAuditLog.AddLockAndHead(batch);
            }
            else
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            }

            try
            {
                if (audited)
                {
                    var (headSequence, headHash) = await PostgreSqlAuditLog.ReadHeadAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    var entries = new List<AuditEvent>();
                    for (var i = 0; i < group.Count; i++)
                    {
                        if (batch.BatchCommands[i + 1].RecordsAffected == 1)
                        {
                            entries.AddRange(group[i].Audit);
                        }
                    }

                    await PostgreSqlAuditLog.InsertAsync(connection, null, headSequence, headHash, entries, commit: true, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (PostgresException)
            {
                // The server refused a statement, so it rolled back the group (nothing of it is stored). End the
                // failed transaction, then send each write alone: only the one that breaks a rule fails.
                using (var rollback = new NpgsqlCommand("ROLLBACK", connection))
                {
                    await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }

                foreach (var write in group)
                {
                    await RunAloneAsync(write, connection).ConfigureAwait(false);
                }

                return;
            }

            Interlocked.Increment(ref _commits);
            for (var i = 0; i < group.Count; i++)
            {
                await CompleteAsync(group[i], batch.BatchCommands[i + 1].RecordsAffected, connection).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAloneAsync(PostgreSqlWrite write, NpgsqlConnection connection)
    {
        using var batch = new NpgsqlBatch(connection);
        var audited = write.Audit.Count > 0;
        if (audited)
        {
            // The statement and its entries in one transaction.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        }

        batch.BatchCommands.Add(write.Command());
        int affected;
        try
        {
            if (audited)
            {
                // Two round trips: BEGIN, the statement, the lock and the head; then the entries with the COMMIT.
                PostgreSqlAuditLog.AddLockAndHead(batch);
                var (headSequence, headHash) = await PostgreSqlAuditLog.ReadHeadAsync(batch, CancellationToken.None).ConfigureAwait(false);
                affected = batch.BatchCommands[1].RecordsAffected;
                await PostgreSqlAuditLog.InsertAsync(connection, null, headSequence, headHash, affected == 1 ? write.Audit : [], commit: true, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                affected = batch.BatchCommands[0].RecordsAffected;
            }

            Interlocked.Increment(ref _commits);
        }
        catch (Exception ex)
        {
            if (audited)
            {
                await RollbackQuietlyAsync(connection).ConfigureAwait(false);
            }

            write.Fail(ex);
            return;
        }

        await CompleteAsync(write, affected, connection).ConfigureAwait(false);
    }

    // After a failed statement or a broken connection: end the transaction if the connection still has one, so
    // nothing of the write (record or entries) stays, and the pooled connection is clean.
    private static async Task RollbackQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The connection is broken: the server rolls the transaction back when it ends.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task CompleteAsync(PostgreSqlWrite write, int affected, NpgsqlConnection connection)
    {
        try
        {
            await write.CompleteAsync(affected, connection, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            write.Fail(ex);
        }
    }
}
