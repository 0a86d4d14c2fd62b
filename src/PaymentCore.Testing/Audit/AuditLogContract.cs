using PaymentCore.Audit;
using Xunit;

// These are xunit facts: xunit's analyzers (xUnit1030) ask test methods not to call ConfigureAwait.
#pragma warning disable CA2007

namespace PaymentCore.Testing.Audit;

/// <summary>
/// The contract every <see cref="IAuditLog"/> keeps, as xunit facts: derive a class, return a new, empty log from
/// <see cref="CreateLogAsync"/>, and every fact runs against it. It covers the chain's links, 64 concurrent writers
/// producing one unbroken chain, stored fields read back exactly, raw reads in order, queries by resource, actor,
/// type and time range with paging, and checkpoints (numbers taken once, verification through <see cref="AuditTrail"/>).
/// </summary>
/// <remarks>
/// One instance per fact, so each fact gets its own log; it is disposed after the fact when disposable. Times are
/// fixed values from <see cref="T0"/>, so the facts are deterministic. Not thread-safe.
/// </remarks>
public abstract class AuditLogContract : IAsyncLifetime
{
    /// <summary>The time the facts start from: 2026-01-01T00:00:00Z.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The HMAC key the facts sign checkpoints with (a test value; never use a fixed key in production).</summary>
    protected static readonly byte[] TestKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private IAuditLog? _log;

    /// <summary>Gets the log under test.</summary>
    protected IAuditLog Log => _log ?? throw new InvalidOperationException("The log is made in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _log = await CreateLogAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        switch (_log)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Creates a new, empty log for one fact.</summary>
    /// <returns>The log.</returns>
    protected abstract ValueTask<IAuditLog> CreateLogAsync();

    /// <summary>Makes an event at <see cref="T0"/> plus <paramref name="minutes"/>.</summary>
    /// <param name="minutes">Minutes after T0.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="resource">The resource.</param>
    /// <param name="eventType">The type.</param>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The event.</returns>
    protected static AuditEvent Event(int minutes, string actor = "user-1", string resource = "transaction/1", string eventType = AuditEventTypes.StateChanged, AuditOutcome outcome = AuditOutcome.Success) =>
        new(actor, eventType, T0.AddMinutes(minutes), outcome, resource, origin: "203.0.113.7", detail: $"step {minutes}");

    /// <summary>Makes a trail over the log with the test key.</summary>
    /// <param name="checkpointEvery">Automatic checkpoint interval.</param>
    /// <returns>The trail.</returns>
    protected AuditTrail Trail(int checkpointEvery = 0) =>
        new(Log, new HmacAuditCheckpointSigner("test-key", TestKey), new FixedClock(T0.AddDays(1)), new AuditTrailOptions { CheckpointEvery = checkpointEvery, VerifyPageSize = 7 });

    /// <summary>The first entry links to zero and is number 1; each next one links to the one before.</summary>
    [Fact]
    public async Task Append_Entries_LinkInSequence()
    {
        var first = await Log.AppendAsync(Event(1));
        var second = await Log.AppendAsync(Event(2));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(AuditHash.Zero, first.PreviousHash);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.True(first.IsSelfConsistent);
        Assert.True(second.IsSelfConsistent);
        Assert.Equal(second, await Log.GetHeadAsync());
    }

    /// <summary>An empty log has no head and verifies as intact with zero entries.</summary>
    [Fact]
    public async Task EmptyLog_NoHead_VerifiesIntact()
    {
        Assert.Null(await Log.GetHeadAsync());
        var result = await Trail().VerifyAsync();

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(0, result.EntriesVerified);
    }

    /// <summary>Every field is read back exactly, absent ones included, non-ASCII text included.</summary>
    [Fact]
    public async Task Append_Fields_ReadBackExactly()
    {
        var full = new AuditEvent("ops@example.com", "admin.refund", T0.AddTicks(1234567), AuditOutcome.Failure, "transaction/ü-42", "2001:db8::1", "refused: amount 12.30 EUR > 10.00 EUR\nsecond line");
        var bare = new AuditEvent(AuditEvent.SystemActor, AuditEventTypes.RecoveryAction, T0, AuditOutcome.Success, "transaction/7");
        var written = await Log.AppendManyAsync([full, bare]);

        var read = await Log.ReadAsync(0, 10);
        Assert.Equal(written, read);
        Assert.Equal(full, read[0].Event);
        Assert.Equal(bare, read[1].Event);
        Assert.Null(read[1].Event.Origin);
        Assert.Null(read[1].Event.Detail);
    }

    /// <summary>AppendMany writes consecutive entries in order, after what is there.</summary>
    [Fact]
    public async Task AppendMany_AfterExisting_ConsecutiveAndLinked()
    {
        await Log.AppendAsync(Event(0));
        var written = await Log.AppendManyAsync([Event(1), Event(2), Event(3)]);

        Assert.Equal([2L, 3L, 4L], written.Select(e => e.Sequence));
        Assert.Equal((await Log.ReadAsync(0, 1))[0].Hash, written[0].PreviousHash);
        Assert.Equal(written[0].Hash, written[1].PreviousHash);
        Assert.Empty(await Log.AppendManyAsync([]));
        Assert.Equal(4, (await Log.GetHeadAsync())!.Sequence);
    }

    /// <summary>64 writers appending at once produce one unbroken chain holding every entry once.</summary>
    [Fact]
    public async Task Append_64ConcurrentWriters_UnbrokenChain()
    {
        const int writers = 64;
        const int each = 5;
        using var start = new ManualResetEventSlim();
        // A thread per writer (LongRunning), all released at once: a synchronous store (SQLite) really has 64
        // callers contending for its lock, not the two a pool on two cores would start with.
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(
            async () =>
            {
                start.Wait();
                for (var i = 0; i < each; i++)
                {
                    await Log.AppendAsync(Event(i, actor: $"writer-{w}", resource: $"transaction/{w}-{i}"));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        var result = await Trail().VerifyAsync();
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(writers * each, result.EntriesVerified);
        var all = await Log.ReadAsync(0, writers * each + 1);
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(writers * each, all.Select(e => e.Event.Resource).Distinct().Count());
    }

    /// <summary>Raw reads page by stored sequence.</summary>
    [Fact]
    public async Task Read_AfterSequence_PagesInOrder()
    {
        await Log.AppendManyAsync([.. Enumerable.Range(0, 10).Select(i => Event(i))]);

        Assert.Equal([4L, 5L, 6L], (await Log.ReadAsync(3, 3)).Select(e => e.Sequence));
        Assert.Equal([10L], (await Log.ReadAsync(9, 5)).Select(e => e.Sequence));
        Assert.Empty(await Log.ReadAsync(10, 5));
    }

    /// <summary>Queries filter by resource, actor, type and a half-open time range, and page with a cursor.</summary>
    [Fact]
    public async Task Query_Filters_MatchAndPage()
    {
        var events = new List<AuditEvent>();
        for (var i = 0; i < 20; i++)
        {
            events.Add(Event(i, actor: i % 2 == 0 ? "alice" : "bob", resource: $"transaction/{i % 3}", eventType: i % 4 == 0 ? AuditEventTypes.OperationRefused : AuditEventTypes.StateChanged, outcome: i % 4 == 0 ? AuditOutcome.Failure : AuditOutcome.Success));
        }

        await Log.AppendManyAsync(events);

        async Task<List<long>> AllPages(AuditQuery query)
        {
            var found = new List<long>();
            var pages = 0;
            while (true)
            {
                var page = await Log.QueryAsync(query);
                Assert.True(page.Entries.Count <= query.Limit);
                found.AddRange(page.Entries.Select(e => e.Sequence));
                pages++;
                Assert.True(pages < 100, "paging did not end");
                if (page.NextAfterSequence is not { } next)
                {
                    return found;
                }

                query = query.After(next);
            }
        }

        List<long> Expected(Func<int, bool> keep) => [.. Enumerable.Range(0, 20).Where(keep).Select(i => (long)i + 1)];

        Assert.Equal(Expected(i => i % 3 == 1), await AllPages(new AuditQuery { Resource = "transaction/1", Limit = 2 }));
        Assert.Equal(Expected(i => i % 2 == 1), await AllPages(new AuditQuery { Actor = "bob", Limit = 3 }));
        Assert.Equal(Expected(i => i % 4 == 0), await AllPages(new AuditQuery { EventType = AuditEventTypes.OperationRefused, Limit = 1 }));
        Assert.Equal(Expected(i => i is >= 5 and < 9), await AllPages(new AuditQuery { From = T0.AddMinutes(5), To = T0.AddMinutes(9), Limit = 3 }));
        Assert.Equal(Expected(i => i % 2 == 0 && i % 4 == 0 && i >= 8), await AllPages(new AuditQuery { Actor = "alice", EventType = AuditEventTypes.OperationRefused, From = T0.AddMinutes(8) }));
        Assert.Equal(Expected(_ => true), await AllPages(new AuditQuery { Limit = 20 }));
        Assert.Empty(await AllPages(new AuditQuery { Resource = "transaction/none" }));

        var exact = await Log.QueryAsync(new AuditQuery { Limit = 20 });
        Assert.Null(exact.NextAfterSequence);
    }

    /// <summary>An invalid query is refused with the property named.</summary>
    [Fact]
    public async Task Query_Invalid_RefusedNamingProperty()
    {
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Log.QueryAsync(new AuditQuery { Limit = 0 }));
        Assert.Equal("Limit", ex.ParamName);
    }

    /// <summary>A checkpoint number is taken once; checkpoints read back in number order, the latest last.</summary>
    [Fact]
    public async Task Checkpoints_NumberTakenOnce_ReadBackInOrder()
    {
        var entry = await Log.AppendAsync(Event(1));
        var first = new AuditCheckpoint(1, 1, entry.Hash, T0, "k", new byte[] { 1, 2, 3 });
        var second = new AuditCheckpoint(2, 1, entry.Hash, T0.AddMinutes(1), "k", new byte[] { 4, 5 });

        Assert.True(await Log.TryAddCheckpointAsync(second));
        Assert.True(await Log.TryAddCheckpointAsync(first));
        Assert.False(await Log.TryAddCheckpointAsync(first with { Signature = new byte[] { 9 } }));

        var all = await Log.GetCheckpointsAsync();
        Assert.Equal([1L, 2L], all.Select(c => c.Number));
        Assert.Equal([1, 2, 3], all[0].Signature.ToArray());
        Assert.Equal(entry.Hash, all[0].EntryHash);
        Assert.Equal(T0, all[0].CreatedAt);
        Assert.Equal(second, await Log.GetLatestCheckpointAsync());
        Assert.Equal(first, all[0]);
    }

    /// <summary>Checkpoints taken by the trail verify, and a trail over a longer log than one page verifies.</summary>
    [Fact]
    public async Task Trail_WithCheckpoints_VerifiesIntact()
    {
        var trail = Trail(checkpointEvery: 5);
        for (var i = 0; i < 23; i++)
        {
            await trail.AppendAsync(Event(i));
        }

        var last = await trail.CheckpointAsync();
        Assert.NotNull(last);
        Assert.Null(await trail.CheckpointAsync());

        var result = await trail.VerifyAsync(last);
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(23, result.EntriesVerified);
        Assert.Equal(5, result.CheckpointsVerified); // at 5, 10, 15, 20 and 23 (the trusted copy of 23 counts once)
        Assert.Equal([5L, 10L, 15L, 20L, 23L], (await Log.GetCheckpointsAsync()).Select(c => c.Sequence));
    }

    /// <summary>A clock that never moves.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
