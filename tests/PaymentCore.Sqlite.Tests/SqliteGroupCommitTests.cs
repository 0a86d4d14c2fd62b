using Microsoft.Data.Sqlite;
using PaymentCore.Notifications;
using PaymentCore.Testing.Storage;

namespace PaymentCore.Sqlite.Tests;

/// <summary>Issue 11: group commit in the SQLite store.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task WritesQueuedDuringACommit_CommitAsOneGroup_AndAFailingWriteFailsAlone()
    {
        using var store = Open();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // A write that holds the writer inside its transaction, on a pool thread, until released.
        var holder = Task.Run(() => store.Writer.Submit(_ =>
        {
            entered.Set();
            release.Wait();
            return 0;
        }));
        entered.Wait();
        var commitsBefore = store.Commits;
        var records = Enumerable.Range(0, 20).Select(i => TestRecords.Received("order-" + i, T0)).ToList();
        var creates = records.Take(10).Select(r => store.TryCreateAsync(r, PaymentEvent.For(r)).AsTask()).ToList();
        var broken = TestRecords.Received("broken", T0);
        var failing = store.Writer.Submit<bool>(s =>
        {
            s.Create(SqliteCreate.Of(broken, PaymentEvent.For(broken), s.Codec));
            throw new InvalidOperationException("this write breaks a rule after writing a row");
        });
        creates.AddRange(records.Skip(10).Select(r => store.TryCreateAsync(r, PaymentEvent.For(r)).AsTask()));

        // Nobody is told before the commit holding the write.
        Assert.All(creates, t => Assert.False(t.IsCompleted));
        release.Set();
        await holder;
        var results = await Task.WhenAll(creates);

        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal("this write breaks a rule after writing a row", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Null(await store.GetAsync(broken.Id));
        foreach (var record in records)
        {
            Assert.Equal(record, await store.GetAsync(record.Id));
        }

        // The holder's transaction, then one for the 21 writes that queued behind it.
        Assert.Equal(commitsBefore + 2, store.Commits);
        Assert.Equal(20, (await store.GetOutboxBacklogAsync()).Pending);
    }

    [Fact]
    public async Task LoneWrite_CommitsOnTheCallersThread_BeforeReturning()
    {
        using var store = Open();
        var record = TestRecords.Received("order-1", T0);
        var commitsBefore = store.Commits;

        var created = store.TryCreateAsync(record, PaymentEvent.For(record)).AsTask();

        Assert.True(created.IsCompletedSuccessfully);
        Assert.Equal(commitsBefore + 1, store.Commits);
        Assert.True((await created).Created);
    }

    [Fact]
    public async Task WriteLockHeldByAnotherConnection_CallerIsNotBlocked_WriteCommitsWhenReleased()
    {
        using var store = Open();
        using var other = new SqliteConnection(_database.ConnectionString());
        other.Open();
        using var transaction = other.BeginTransaction(deferred: false);
        var record = TestRecords.Received("order-1", T0);

        // This thread holds the lock: if the store waited for it on this thread, the call would not return
        // until the busy timeout, and would then fail.
        var created = store.TryCreateAsync(record, PaymentEvent.For(record)).AsTask();

        Assert.False(created.IsCompleted);
        transaction.Commit();
        Assert.True((await created).Created);
        Assert.Equal(record, await store.GetAsync(record.Id));
    }

    [Fact]
    public async Task Dispose_CommitsWhatIsQueued()
    {
        var store = Open();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => store.Writer.Submit(_ =>
        {
            entered.Set();
            release.Wait();
            return 0;
        }));
        entered.Wait();
        var record = TestRecords.Received("order-1", T0);
        var created = store.TryCreateAsync(record, PaymentEvent.For(record)).AsTask();

        var disposing = Task.Run(store.Dispose);
        release.Set();
        await holder;
        await disposing;

        Assert.True((await created).Created);
        using var reopened = Open();
        Assert.Equal(record, await reopened.GetAsync(record.Id));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.TryCreateAsync(record, PaymentEvent.For(record)));
    }

    private SqliteTransactionStore Open() =>
        new(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), BusyTimeout = TimeSpan.FromSeconds(30), AllowPlaintext = true });
}
