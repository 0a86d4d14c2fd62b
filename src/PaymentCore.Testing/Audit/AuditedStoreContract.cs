using PaymentCore.Audit;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;
using PaymentCore.Transactions;
using Xunit;

// These are xunit facts: xunit's analyzers (xUnit1030) ask test methods not to call ConfigureAwait.
#pragma warning disable CA2007

namespace PaymentCore.Testing.Audit;

/// <summary>
/// The contract every <see cref="IAuditedTransactionStore"/> keeps, as xunit facts: a record change and its audit
/// entries are written together or not at all (a taken key or a stale version appends nothing), entries follow the
/// change's order, and 64 concurrent writers through the store's own write path (group commit included) leave one
/// unbroken chain that <see cref="AuditTrail.VerifyAsync"/> accepts. Derive a class and return a new, empty store
/// from <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>One instance per fact; the store is disposed after the fact when disposable. Deterministic times. Not thread-safe.</remarks>
public abstract class AuditedStoreContract : IAsyncLifetime
{
    /// <summary>The time the facts start from: 2026-01-01T00:00:00Z.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[] TestKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private IAuditedTransactionStore? _store;

    /// <summary>Gets the store under test.</summary>
    protected IAuditedTransactionStore Store => _store ?? throw new InvalidOperationException("The store is made in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Creates a new, empty store (and audit log) for one fact.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IAuditedTransactionStore> CreateStoreAsync();

    /// <summary>Makes the audit event of a change to <paramref name="record"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="what">A word for the detail.</param>
    /// <returns>The event.</returns>
    protected static AuditEvent EntryFor(TransactionRecord record, string what) =>
        new("tester", AuditEventTypes.StateChanged, T0, AuditOutcome.Success, "transaction/" + record.Id, "127.0.0.1", what + " v" + record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Verifies the store's chain with a fresh trail.</summary>
    /// <returns>The result.</returns>
    protected ValueTask<AuditVerificationResult> VerifyAsync() =>
        new AuditTrail(Store.AuditLog, new HmacAuditCheckpointSigner("test", TestKey), options: new AuditTrailOptions { CheckpointEvery = 0 }).VerifyAsync();

    /// <summary>Reads every entry.</summary>
    /// <returns>The entries in sequence order.</returns>
    protected async Task<List<AuditEntry>> AllEntriesAsync()
    {
        var all = new List<AuditEntry>();
        while (true)
        {
            var page = await Store.AuditLog.ReadAsync(all.Count == 0 ? 0 : all[^1].Sequence, 500);
            all.AddRange(page);
            if (page.Count < 500)
            {
                return all;
            }
        }
    }

    /// <summary>A created record and its entries are stored together, in the order given.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCreateAudited_NewRecord_RecordAndEntriesWrittenTogetherInOrder()
    {
        var record = TestRecords.Received("order-1", T0);

        var result = await Store.TryCreateAuditedAsync(record, PaymentEvent.For(record), [EntryFor(record, "created"), EntryFor(record, "rules")]);

        Assert.True(result.Created);
        Assert.Equal(record, await Store.GetAsync(record.Id));
        var entries = await AllEntriesAsync();
        Assert.Equal(["created v1", "rules v1"], entries.Select(e => e.Event.Detail));
        Assert.Equal([1L, 2L], entries.Select(e => e.Sequence));
        Assert.All(entries, e => Assert.Equal("tester", e.Event.Actor));
        Assert.True((await VerifyAsync()).IsIntact);
    }

    /// <summary>A create whose key is taken appends nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCreateAudited_KeyTaken_AppendsNothing()
    {
        var record = TestRecords.Received("order-1", T0);
        await Store.TryCreateAuditedAsync(record, PaymentEvent.For(record), [EntryFor(record, "first")]);
        var again = TestRecords.Received("order-1", T0.AddMinutes(1));

        var result = await Store.TryCreateAuditedAsync(again, PaymentEvent.For(again), [EntryFor(again, "second")]);

        Assert.False(result.Created);
        Assert.Equal(["first v1"], (await AllEntriesAsync()).Select(e => e.Event.Detail));
    }

    /// <summary>An update at a stale version writes nothing and appends nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryUpdateAudited_StaleVersion_WritesNothingAndAppendsNothing()
    {
        var record = TestRecords.Received("order-1", T0);
        await Store.TryCreateAuditedAsync(record, PaymentEvent.For(record), [EntryFor(record, "created")]);
        var next = record with { Version = 2, UpdatedAt = T0.AddMinutes(1) };
        Assert.True(await Store.TryUpdateAuditedAsync(next, 1, null, [EntryFor(next, "updated")]));
        var stale = record with { Version = 2, UpdatedAt = T0.AddMinutes(2) };

        var written = await Store.TryUpdateAuditedAsync(stale, 1, null, [EntryFor(stale, "stale")]);

        Assert.False(written);
        Assert.Equal(next, await Store.GetAsync(record.Id));
        Assert.Equal(["created v1", "updated v2"], (await AllEntriesAsync()).Select(e => e.Event.Detail));
        Assert.True((await VerifyAsync()).IsIntact);
    }

    /// <summary>64 concurrent writers leave one unbroken chain holding every entry, each writer's in its order.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AuditedWrites_64ConcurrentWriters_OneUnbrokenChainWithEveryEntry()
    {
        const int Writers = 64;
        var records = Enumerable.Range(0, Writers).Select(i => TestRecords.Received("order-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0)).ToArray();
        using var start = new ManualResetEventSlim(false);
        var tasks = records.Select(record => Task.Run(async () =>
        {
            start.Wait();
            Assert.True((await Store.TryCreateAuditedAsync(record, PaymentEvent.For(record), [EntryFor(record, "created")])).Created);
            var next = record with { Version = 2, UpdatedAt = T0.AddMinutes(1) };
            Assert.True(await Store.TryUpdateAuditedAsync(next, 1, null, [EntryFor(next, "updated"), EntryFor(next, "extra")]));
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        var entries = await AllEntriesAsync();
        Assert.Equal(Enumerable.Range(1, Writers * 3).Select(i => (long)i), entries.Select(e => e.Sequence));
        foreach (var record in records)
        {
            // Each writer's entries, in its own order: its create's before its update's, the update's two adjacent.
            var mine = entries.Where(e => e.Event.Resource == "transaction/" + record.Id).ToList();
            Assert.Equal(["created v1", "updated v2", "extra v2"], mine.Select(e => e.Event.Detail));
            Assert.Equal(mine[1].Sequence + 1, mine[2].Sequence);
        }

        var verified = await VerifyAsync();
        Assert.True(verified.IsIntact, verified.Message);
        Assert.Equal(Writers * 3, verified.EntriesVerified);
    }
}
