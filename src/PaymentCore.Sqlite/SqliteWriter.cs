using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using PaymentCore.Relational;
using SQLitePCL;

namespace PaymentCore.Sqlite;

/// <summary>
/// Group commit for one store: every write of the process goes through this one writer and its one connection.
/// Writes that arrive while a transaction is being committed wait in a queue and are committed together in the
/// next transaction (one fsync for the group). Each caller's task completes only after the transaction holding
/// its write has committed.
/// </summary>
/// <remarks>
/// <para>
/// When nobody is writing, the caller commits its own write on its own thread, as a plain store would, so a
/// single writer pays nothing for the queue. The caller never waits for the write lock: if another process holds
/// it, the write is handed to the writer thread, which waits (up to the busy timeout) instead. When writes queued
/// up during a commit, the caller returns as soon as its own is durable and the writer thread commits the rest.
/// </para>
/// <para>
/// Each write runs inside its own savepoint, so one that fails (a constraint, a bad value) is rolled back and
/// fails alone; version conflicts and taken keys are results, not failures. If the commit itself fails, every
/// write of the group fails: none of them is stored. Thread-safe.
/// </para>
/// </remarks>
internal sealed class SqliteWriter : IDisposable
{
    // Bounds one transaction (and one group's latency); more waiting writes go into the next one.
    private const int MaxGroup = 256;

    private readonly ConcurrentQueue<SqliteWrite> _queue = new();
    private readonly List<SqliteWrite> _group = new(MaxGroup);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SqliteConnection _connection;
    private readonly SqliteStatements _statements;
    private readonly Func<SqliteException, Exception> _explain;
    private readonly int _busyTimeoutMilliseconds;
    private readonly Thread _thread;

    // 1 while one thread (a caller or the writer thread) owns the connection and the group; handed over, never shared.
    private int _leading;
    private volatile bool _disposed;
    private volatile bool _stopping;
    private long _commits;

    /// <summary>Initializes a new instance of the <see cref="SqliteWriter"/> class and starts its thread.</summary>
    /// <param name="connection">The writer's open connection (the writer owns and disposes it).</param>
    /// <param name="busyTimeout">How long the writer thread waits for another process's write lock.</param>
    /// <param name="explain">Turns a SQLite error into the store's exception.</param>
    /// <param name="codec">The store's document codec, for the documents writes read back.</param>
    public SqliteWriter(SqliteConnection connection, TimeSpan busyTimeout, Func<SqliteException, Exception> explain, DocumentCodec codec)
    {
        _connection = connection;
        _statements = new SqliteStatements(connection, codec);
        _explain = explain;
        _busyTimeoutMilliseconds = (int)Math.Min(int.MaxValue, (long)busyTimeout.TotalMilliseconds);
        _thread = new Thread(WriterLoop) { IsBackground = true, Name = "PaymentCore.Sqlite writer" };
        _thread.Start();
    }

    /// <summary>Gets how many transactions the writer committed (for the benchmarks' commits-per-payment figure).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Queues a write and commits it, with the others waiting, before the task completes.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The write, run inside the group's transaction.</param>
    /// <returns>The result, once durable.</returns>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task<T> Submit<T>(Func<SqliteStatements, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var write = new SqliteWrite<T>(work);
        _queue.Enqueue(write);
        if (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            LeadOnCallerThread();
        }

        return write.Task;
    }

    /// <summary>Commits what is queued, stops the writer thread and closes the connection.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Take the connection from whoever has it, commit what is still queued, then stop the thread.
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _leading, 1, 0) != 0)
        {
            spin.SpinOnce();
        }

        while (_group.Count > 0 || !_queue.IsEmpty)
        {
            CommitGroup(waitForLock: true);
        }

        _stopping = true;
        _wake.Release();
        _thread.Join();
        while (_queue.TryDequeue(out var late))
        {
            late.Abort(new ObjectDisposedException(nameof(SqliteTransactionStore)));
        }

        _statements.Dispose();
        _connection.Dispose();
        _wake.Dispose();
    }

    private static bool IsBusy(int rc) => (rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    private void LeadOnCallerThread()
    {
        if (!CommitGroup(waitForLock: false))
        {
            // Another process holds the write lock: the writer thread waits for it, this caller only awaits.
            _wake.Release();
            return;
        }

        if (!_queue.IsEmpty)
        {
            // Writes queued while this one committed: the writer thread commits them; this caller is done.
            _wake.Release();
            return;
        }

        Volatile.Write(ref _leading, 0);

        // A write queued between the check and the release found the writer busy and only waits: lead for it.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            _wake.Release();
        }
    }

    private void WriterLoop()
    {
        while (true)
        {
            _wake.Wait();
            if (_stopping)
            {
                return;
            }

            // Woken means handed the connection.
            do
            {
                while (_group.Count > 0 || !_queue.IsEmpty)
                {
                    CommitGroup(waitForLock: true);
                }

                Volatile.Write(ref _leading, 0);
            }
            while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _leading, 1, 0) == 0);
        }
    }

    /// <summary>Commits one group: what is left of the last one plus what is queued, up to <see cref="MaxGroup"/>.</summary>
    /// <param name="waitForLock">Whether to wait for another process's write lock (writer thread) or give up at once (caller thread).</param>
    /// <returns><see langword="false"/> when the lock was busy and not waited for: the group is kept for the writer thread.</returns>
    private bool CommitGroup(bool waitForLock)
    {
        while (_group.Count < MaxGroup && _queue.TryDequeue(out var next))
        {
            _group.Add(next);
        }

        if (_group.Count == 0)
        {
            return true;
        }

        var db = _connection.Handle!;
        raw.sqlite3_busy_timeout(db, waitForLock ? _busyTimeoutMilliseconds : 0);
        var rc = raw.sqlite3_exec(db, "BEGIN IMMEDIATE");
        if (rc != raw.SQLITE_OK)
        {
            if (IsBusy(rc) && !waitForLock)
            {
                return false;
            }

            AbortGroup(_explain(Error(db, rc)));
            return true;
        }

        var single = _group.Count == 1;
        for (var i = 0; i < _group.Count; i++)
        {
            var write = _group[i];
            try
            {
                if (!single)
                {
                    Exec(db, "SAVEPOINT w");
                }

                write.Run(_statements);
                if (!single)
                {
                    Exec(db, "RELEASE w");
                }
            }
            catch (Exception ex)
            {
                write.Fail(ex is SqliteException sqlite ? _explain(sqlite) : ex);
                if (raw.sqlite3_get_autocommit(db) != 0)
                {
                    // SQLite rolled the whole transaction back (I/O error, disk full): nothing of the group stands.
                    AbortGroup(ex is SqliteException s ? _explain(s) : ex);
                    return true;
                }

                if (single)
                {
                    raw.sqlite3_exec(db, "ROLLBACK");
                    CompleteGroup();
                    return true;
                }

                // Undo this write only; the others of the group stay in the transaction.
                raw.sqlite3_exec(db, "ROLLBACK TO w");
                raw.sqlite3_exec(db, "RELEASE w");
            }
        }

        rc = raw.sqlite3_exec(db, "COMMIT");
        if (rc != raw.SQLITE_OK)
        {
            var error = _explain(Error(db, rc));
            raw.sqlite3_exec(db, "ROLLBACK");
            AbortGroup(error);
            return true;
        }

        Interlocked.Increment(ref _commits);
        CompleteGroup();
        return true;
    }

    private void CompleteGroup()
    {
        foreach (var write in _group)
        {
            write.Complete();
        }

        _group.Clear();
    }

    private void AbortGroup(Exception error)
    {
        foreach (var write in _group)
        {
            write.Abort(error);
        }

        _group.Clear();
    }

    private static void Exec(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_exec(db, sql);
        if (rc != raw.SQLITE_OK)
        {
            throw Error(db, rc);
        }
    }

    private static SqliteException Error(sqlite3 db, int rc) => new(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
}
