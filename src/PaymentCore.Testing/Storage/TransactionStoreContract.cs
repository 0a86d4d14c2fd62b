using System.Collections.Concurrent;
using System.Collections.Immutable;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Storage;
using PaymentCore.Transactions;
using Xunit;

// These are xunit facts: xunit's analyzers (xUnit1030) ask test methods not to call ConfigureAwait, and a test
// has no caller whose context it could deadlock.
#pragma warning disable CA2007

namespace PaymentCore.Testing.Storage;

/// <summary>
/// The contract every <see cref="ITransactionStore"/> keeps, as xunit facts. Derive a test class, return a new,
/// empty store from <see cref="CreateStoreAsync"/>, and every fact runs against it:
/// <code>
/// public sealed class MyStoreContractTests : TransactionStoreContract
/// {
///     protected override ValueTask&lt;ITransactionStore&gt; CreateStoreAsync() => new(new MyStore(...));
/// }
/// </code>
/// It covers create, read by id and by key, idempotency conflicts, optimistic concurrency (stale versions write
/// nothing, concurrent writers: one wins per version), keyset paging and filters, payer activity, the outbox
/// (atomic with the change, claimed once under concurrency, leases, due times and backoff, batched delivery,
/// failures, dead letters and re-drive, the backlog), recovery's due list (ordering, records with no due time never
/// listed, 10,000 not due), concurrent mixed writes (group commit), and a field-by-field round trip
/// with 0-, 2- and 3-decimal currencies, metadata, history and a pending operation.
/// </summary>
/// <remarks>
/// xunit makes one instance of the class per fact, so each fact gets its own store. The store is disposed after
/// the fact when it implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>. Times are fixed
/// values (no clock is read), so the facts are deterministic. Not thread-safe; xunit runs one fact per instance.
/// </remarks>
public abstract class TransactionStoreContract : IAsyncLifetime
{
    /// <summary>The time the facts start from: 2026-01-01T00:00:00Z.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ITransactionStore? _store;

    /// <summary>Gets the store under test, made by <see cref="CreateStoreAsync"/> for this fact.</summary>
    protected ITransactionStore Store => _store ?? throw new InvalidOperationException("The store is made in InitializeAsync.");

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

    /// <summary>Creates a new, empty store for one fact.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ITransactionStore> CreateStoreAsync();

    /// <summary>Builds a new record (Received, version 1) the way the processor does.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="createdAt">The creation time; <see cref="T0"/> when <see langword="null"/>.</param>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="payerToken">The payer token.</param>
    /// <param name="amount">The amount; 10.05 USD when <see langword="null"/>.</param>
    /// <returns>The record.</returns>
    protected static TransactionRecord NewRecord(string key, DateTimeOffset? createdAt = null, string merchantId = "merchant-1", string payerToken = "tok_payer_1", Money? amount = null) =>
        TestRecords.Received(key, createdAt ?? T0, merchantId, payerToken, amount);

    /// <summary>Moves a record to another state, one version up, with a history entry, as the state machine does.</summary>
    /// <param name="record">The record.</param>
    /// <param name="to">The new state.</param>
    /// <param name="at">When.</param>
    /// <returns>The next record.</returns>
    protected static TransactionRecord Move(TransactionRecord record, TransactionStatus to, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(record);
        var version = record.Version + 1;
        var amount = to is TransactionStatus.Declined or TransactionStatus.Failed ? Money.Zero(record.Amount.Currency) : record.Amount;
        return record with
        {
            Status = to,
            Version = version,
            UpdatedAt = at,
            Authorized = to == TransactionStatus.Authorized ? record.Amount : record.Authorized,
            Captured = to == TransactionStatus.Captured ? record.Amount : record.Captured,
            History = record.History.Add(new StateChange(version, record.Status, to, amount, at)),
        };
    }

    /// <summary>Creates a record with its first event and asserts it was created.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The event written.</returns>
    protected async Task<PaymentEvent> CreateAsync(TransactionRecord record)
    {
        var paymentEvent = PaymentEvent.For(record);
        var result = await Store.TryCreateAsync(record, paymentEvent).ConfigureAwait(false);
        Assert.True(result.Created, $"{record.IdempotencyKey} was not created");
        return paymentEvent;
    }

    /// <summary>Claims every due event (far in the future, one-second lease).</summary>
    /// <param name="now">The time to claim at; a year after <see cref="T0"/> when <see langword="null"/>.</param>
    /// <returns>The events.</returns>
    protected async Task<IReadOnlyList<PaymentEvent>> ClaimAllAsync(DateTimeOffset? now = null)
    {
        var at = now ?? T0.AddYears(1);
        var claimed = await Store.ClaimEventsAsync(1000, at, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        return [.. claimed.Select(m => m.Event)];
    }

    /// <summary>Claims due events at <paramref name="now"/> and returns their ids, in the order returned.</summary>
    /// <param name="now">The time.</param>
    /// <param name="maxCount">The most to claim.</param>
    /// <param name="lease">The lease; one minute when <see langword="null"/>.</param>
    /// <returns>The event ids.</returns>
    protected async Task<IReadOnlyList<Guid>> ClaimIdsAsync(DateTimeOffset now, int maxCount = 1000, TimeSpan? lease = null)
    {
        var claimed = await Store.ClaimEventsAsync(maxCount, now, lease ?? TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        return [.. claimed.Select(m => m.Event.EventId)];
    }

    /// <summary>Moves a record to a new version (same state, one history entry) with the given due time.</summary>
    /// <param name="record">The record.</param>
    /// <param name="dueAt">The new due time.</param>
    /// <returns>The next record.</returns>
    protected static TransactionRecord WithDue(TransactionRecord record, DateTimeOffset? dueAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        var version = record.Version + 1;
        var at = record.UpdatedAt.AddSeconds(1);
        return record with
        {
            Version = version,
            UpdatedAt = at,
            DueAt = dueAt,
            History = record.History.Add(new StateChange(version, record.Status, record.Status, record.Amount, at)),
        };
    }

    /// <summary>A new record is read back equal by id and by key.</summary>
    [Fact]
    public async Task TryCreate_NewRecord_IsReadBackByIdAndByKey()
    {
        var record = NewRecord("order-1");
        await CreateAsync(record);

        Assert.Equal(record, await Store.GetAsync(record.Id));
        Assert.Equal(record, await Store.FindByIdempotencyKeyAsync("merchant-1", "order-1"));
    }

    /// <summary>Unknown ids and keys read as null.</summary>
    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        await CreateAsync(NewRecord("order-1"));

        Assert.Null(await Store.GetAsync(TransactionId.For("merchant-1", "order-2")));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("merchant-1", "order-2"));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("merchant-2", "order-1"));
    }

    /// <summary>The same key under another merchant is another payment.</summary>
    [Fact]
    public async Task TryCreate_SameKeyOtherMerchant_CreatesBoth()
    {
        await CreateAsync(NewRecord("order-1", merchantId: "m-a"));
        await CreateAsync(NewRecord("order-1", merchantId: "m-b"));

        Assert.Equal("m-a", (await Store.FindByIdempotencyKeyAsync("m-a", "order-1"))!.MerchantId);
        Assert.Equal("m-b", (await Store.FindByIdempotencyKeyAsync("m-b", "order-1"))!.MerchantId);
    }

    /// <summary>A duplicate key returns the existing record, replaces nothing and writes no second event.</summary>
    [Fact]
    public async Task TryCreate_DuplicateKey_ReturnsExistingAndWritesNothing()
    {
        var first = NewRecord("order-1");
        await CreateAsync(first);
        var second = NewRecord("order-1", T0.AddMinutes(5), amount: Money.FromMinor(999, Currency.USD));

        var result = await Store.TryCreateAsync(second, PaymentEvent.For(second) with { EventId = Guid.NewGuid() });

        Assert.False(result.Created);
        Assert.Equal(first, result.Existing);
        Assert.Equal(first, await Store.GetAsync(first.Id));
        Assert.Single(await ClaimAllAsync());
    }

    /// <summary>Many tasks creating the same key: exactly one creates it, the others get it back.</summary>
    [Fact]
    public async Task TryCreate_ConcurrentSameKey_ExactlyOneCreates()
    {
        var record = NewRecord("order-1");
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await Store.TryCreateAsync(record, PaymentEvent.For(record)))));

        Assert.Single(results, r => r.Created);
        Assert.All(results.Where(r => !r.Created), r => Assert.Equal(record, r.Existing));
        Assert.Single(await ClaimAllAsync());
    }

    /// <summary>A new record must be at version 1.</summary>
    [Fact]
    public async Task TryCreate_NotVersionOne_Throws()
    {
        var record = NewRecord("order-1") with { Version = 2 };

        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.TryCreateAsync(record, PaymentEvent.For(record)));
        Assert.Null(await Store.GetAsync(record.Id));
    }

    /// <summary>An update at the expected version is written with its event.</summary>
    [Fact]
    public async Task TryUpdate_AtExpectedVersion_WritesRecordAndEvent()
    {
        var record = NewRecord("order-1");
        var created = await CreateAsync(record);
        var next = Move(record, TransactionStatus.Authorized, T0.AddSeconds(1));
        var updated = PaymentEvent.For(next);

        Assert.True(await Store.TryUpdateAsync(next, 1, updated));

        Assert.Equal(next, await Store.GetAsync(record.Id));
        Assert.Equal([created, updated], await ClaimAllAsync());
    }

    /// <summary>An update with no event (a pending operation) writes the record and no event.</summary>
    [Fact]
    public async Task TryUpdate_WithoutEvent_WritesRecordOnly()
    {
        var record = NewRecord("order-1");
        await CreateAsync(record);
        var next = record with
        {
            Version = 2,
            UpdatedAt = T0.AddSeconds(1),
            Pending = new PendingOperation(AuthorizerOperation.Authorize, "order-1", record.Amount, T0.AddSeconds(1), OutcomeUnknown: true),
        };

        Assert.True(await Store.TryUpdateAsync(next, 1, null));

        Assert.Equal(next, await Store.GetAsync(record.Id));
        Assert.Single(await ClaimAllAsync());
    }

    /// <summary>An update at a stale version is refused and writes neither the record nor its event.</summary>
    [Fact]
    public async Task TryUpdate_StaleVersion_ReturnsFalseAndWritesNothing()
    {
        var record = NewRecord("order-1");
        await CreateAsync(record);
        var v2 = Move(record, TransactionStatus.Authorized, T0.AddSeconds(1));
        Assert.True(await Store.TryUpdateAsync(v2, 1, PaymentEvent.For(v2)));
        var stale = Move(record, TransactionStatus.Declined, T0.AddSeconds(2));

        Assert.False(await Store.TryUpdateAsync(stale, 1, PaymentEvent.For(stale)));

        Assert.Equal(v2, await Store.GetAsync(record.Id));
        Assert.DoesNotContain(await ClaimAllAsync(), e => e.To == TransactionStatus.Declined);
    }

    /// <summary>An update of a record that does not exist is refused and writes no event.</summary>
    [Fact]
    public async Task TryUpdate_UnknownRecord_ReturnsFalse()
    {
        var next = Move(NewRecord("order-1"), TransactionStatus.Authorized, T0);

        Assert.False(await Store.TryUpdateAsync(next, 1, PaymentEvent.For(next)));

        Assert.Null(await Store.GetAsync(next.Id));
        Assert.Empty(await ClaimAllAsync());
    }

    /// <summary>A record not at expected version + 1 is misuse.</summary>
    [Fact]
    public async Task TryUpdate_RecordNotAtNextVersion_Throws()
    {
        var record = NewRecord("order-1");
        await CreateAsync(record);
        var next = Move(record, TransactionStatus.Authorized, T0) with { Version = 3 };

        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.TryUpdateAsync(next, 1, null));
        Assert.Equal(record, await Store.GetAsync(record.Id));
    }

    /// <summary>Many tasks update from the same versions at once: exactly one wins per version, and one event per version is written.</summary>
    [Fact]
    public async Task TryUpdate_ConcurrentWriters_ExactlyOneWinsPerVersion()
    {
        var record = NewRecord("order-1");
        await CreateAsync(record);
        var winners = new ConcurrentDictionary<long, int>();
        const int Writers = 8;
        const int Rounds = 10;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < Rounds * Writers; attempt++)
            {
                var current = (await Store.GetAsync(record.Id))!;
                if (current.Version > Rounds)
                {
                    return;
                }

                var next = current with
                {
                    Version = current.Version + 1,
                    UpdatedAt = T0.AddSeconds(current.Version),
                    FailureReason = "writer-" + writer,
                    History = current.History.Add(new StateChange(current.Version + 1, TransactionStatus.Received, TransactionStatus.Received, current.Amount, T0.AddSeconds(current.Version))),
                };
                if (await Store.TryUpdateAsync(next, current.Version, PaymentEvent.For(next)))
                {
                    winners.AddOrUpdate(next.Version, 1, (_, n) => n + 1);
                }
            }
        })));

        var final = (await Store.GetAsync(record.Id))!;
        Assert.Equal(Rounds + 1, final.Version);
        Assert.Equal(Enumerable.Range(2, Rounds).Select(v => (long)v), winners.Keys.Order());
        Assert.All(winners.Values, n => Assert.Equal(1, n));
        Assert.Equal(Enumerable.Range(1, Rounds + 1).Select(v => (long)v), final.History.Select(h => h.Version));
        var events = await ClaimAllAsync();
        Assert.Equal(Rounds + 1, events.Count);
        Assert.Equal(Rounds + 1, events.Select(e => e.Version).Distinct().Count());
    }

    /// <summary>250 records read with pages of 100: 100, 100, 50, in creation order, none skipped or repeated.</summary>
    [Fact]
    public async Task Query_Paging_VisitsEveryRecordOnceInCreationOrder()
    {
        var created = new List<TransactionRecord>();
        for (var i = 0; i < 250; i++)
        {
            // Pairs share a creation time so the id breaks ties.
            var record = NewRecord("order-" + i, T0.AddSeconds(i / 2));
            created.Add(record);
        }

        foreach (var record in created.OrderBy(_ => Guid.NewGuid()))
        {
            await CreateAsync(record);
        }

        var seen = new List<TransactionRecord>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await Store.QueryAsync(new TransactionQuery { PageSize = 100, ContinuationToken = token });
            sizes.Add(page.Items.Count);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal([100, 100, 50], sizes);
        var expected = created.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToList();
        Assert.Equal(expected.Select(r => r.Id), seen.Select(r => r.Id));
        Assert.Equal(expected, seen);
    }

    /// <summary>Records inserted between pages are neither skipped (when later) nor repeated.</summary>
    [Fact]
    public async Task Query_InsertBetweenPages_NoRepeat()
    {
        for (var i = 0; i < 10; i++)
        {
            await CreateAsync(NewRecord("order-" + i, T0.AddSeconds(i)));
        }

        var first = await Store.QueryAsync(new TransactionQuery { PageSize = 5 });
        await CreateAsync(NewRecord("late", T0.AddSeconds(100)));
        var second = await Store.QueryAsync(new TransactionQuery { PageSize = 5, ContinuationToken = first.ContinuationToken });
        var third = await Store.QueryAsync(new TransactionQuery { PageSize = 5, ContinuationToken = second.ContinuationToken });

        Assert.Equal(Enumerable.Range(5, 5).Select(i => "order-" + i), second.Items.Select(r => r.IdempotencyKey));
        Assert.Equal(["late"], third.Items.Select(r => r.IdempotencyKey));
        Assert.Null(third.ContinuationToken);
    }

    /// <summary>An exact page ends with no continuation token; an empty store returns an empty page.</summary>
    [Fact]
    public async Task Query_ExactPageAndEmpty_NoToken()
    {
        var empty = await Store.QueryAsync(new TransactionQuery());
        Assert.Empty(empty.Items);
        Assert.Null(empty.ContinuationToken);

        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(NewRecord("order-" + i, T0.AddSeconds(i)));
        }

        var page = await Store.QueryAsync(new TransactionQuery { PageSize = 3 });
        Assert.Equal(3, page.Items.Count);
        Assert.Null(page.ContinuationToken);
    }

    /// <summary>Filters by merchant, payer, status and creation-time range combine with AND.</summary>
    [Fact]
    public async Task Query_Filters_CombineWithAnd()
    {
        for (var i = 0; i < 24; i++)
        {
            var record = NewRecord("order-" + i, T0.AddMinutes(i), merchantId: i % 2 == 0 ? "m-even" : "m-odd", payerToken: "tok_" + (i % 3));
            await CreateAsync(record);
            if (i % 4 == 0)
            {
                var next = Move(record, TransactionStatus.Authorized, T0.AddMinutes(i).AddSeconds(1));
                Assert.True(await Store.TryUpdateAsync(next, 1, PaymentEvent.For(next)));
            }
        }

        async Task<string[]> Keys(TransactionQuery q) => [.. (await Store.QueryAsync(q with { PageSize = 1000 })).Items.Select(r => r.IdempotencyKey)];
        static string[] Expect(Func<int, bool> p) => [.. Enumerable.Range(0, 24).Where(p).Select(i => "order-" + i)];

        Assert.Equal(Expect(i => i % 2 == 0), await Keys(new TransactionQuery { MerchantId = "m-even" }));
        Assert.Equal(Expect(i => i % 3 == 1), await Keys(new TransactionQuery { PayerToken = "tok_1" }));
        Assert.Equal(Expect(i => i % 4 == 0), await Keys(new TransactionQuery { Status = TransactionStatus.Authorized }));
        Assert.Equal(Expect(i => i % 4 != 0), await Keys(new TransactionQuery { Status = TransactionStatus.Received }));
        Assert.Equal(Expect(i => i is >= 5 and < 12), await Keys(new TransactionQuery { CreatedFrom = T0.AddMinutes(5), CreatedBefore = T0.AddMinutes(12) }));
        Assert.Equal(Expect(i => i % 2 == 1 && i % 3 == 0 && i >= 9), await Keys(new TransactionQuery { MerchantId = "m-odd", PayerToken = "tok_0", CreatedFrom = T0.AddMinutes(9) }));
        Assert.Empty(await Keys(new TransactionQuery { MerchantId = "m-none" }));
    }

    /// <summary>The time range compares instants, whatever the offset the bounds are given in.</summary>
    [Fact]
    public async Task Query_TimeRangeWithOffsets_ComparesInstants()
    {
        for (var i = 0; i < 6; i++)
        {
            await CreateAsync(NewRecord("order-" + i, T0.AddHours(i).ToOffset(TimeSpan.FromHours(i % 2 == 0 ? 5 : -3))));
        }

        var page = await Store.QueryAsync(new TransactionQuery
        {
            CreatedFrom = T0.AddHours(2).ToOffset(TimeSpan.FromHours(9)),
            CreatedBefore = T0.AddHours(4).ToOffset(TimeSpan.FromHours(-8)),
        });

        Assert.Equal(["order-2", "order-3"], page.Items.Select(r => r.IdempotencyKey));
    }

    /// <summary>Page sizes outside 1 to 1000 and forged tokens are refused.</summary>
    [Fact]
    public async Task Query_InvalidArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.QueryAsync(new TransactionQuery { PageSize = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.QueryAsync(new TransactionQuery { PageSize = TransactionQuery.MaxPageSize + 1 }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.QueryAsync(new TransactionQuery { ContinuationToken = "not-a-token" }));
    }

    /// <summary>Payer activity counts and sums one payer's payments in one currency in (from, until], declined and failed ones excluded.</summary>
    [Fact]
    public async Task GetPayerActivity_CountsWindowCurrencyAndStatus()
    {
        await CreateAsync(NewRecord("before", T0.AddMinutes(-1), amount: Money.FromMinor(1, Currency.USD)));
        await CreateAsync(NewRecord("at-start", T0, amount: Money.FromMinor(2, Currency.USD)));
        await CreateAsync(NewRecord("just-after-start", T0.AddTicks(1), amount: Money.FromMinor(100, Currency.USD)));
        await CreateAsync(NewRecord("inside", T0.AddMinutes(30), amount: Money.FromMinor(250, Currency.USD)));
        await CreateAsync(NewRecord("euros", T0.AddMinutes(31), amount: Money.FromMinor(7000, Currency.EUR)));
        await CreateAsync(NewRecord("other-payer", T0.AddMinutes(32), payerToken: "tok_other", amount: Money.FromMinor(5000, Currency.USD)));
        await CreateAsync(NewRecord("other-merchant", T0.AddMinutes(33), merchantId: "merchant-2", amount: Money.FromMinor(40, Currency.USD)));
        var declined = NewRecord("declined", T0.AddMinutes(34), amount: Money.FromMinor(9000, Currency.USD));
        await CreateAsync(declined);
        var d2 = Move(declined, TransactionStatus.Declined, T0.AddMinutes(35));
        Assert.True(await Store.TryUpdateAsync(d2, 1, PaymentEvent.For(d2)));
        var failed = NewRecord("failed", T0.AddMinutes(36), amount: Money.FromMinor(8000, Currency.USD));
        await CreateAsync(failed);
        var f2 = Move(failed, TransactionStatus.Failed, T0.AddMinutes(37));
        Assert.True(await Store.TryUpdateAsync(f2, 1, PaymentEvent.For(f2)));
        await CreateAsync(NewRecord("at-end", T0.AddHours(1), amount: Money.FromMinor(3, Currency.USD)));
        await CreateAsync(NewRecord("after-end", T0.AddHours(1).AddTicks(1), amount: Money.FromMinor(4, Currency.USD)));

        var activity = await Store.GetPayerActivityAsync("tok_payer_1", Currency.USD, T0, T0.AddHours(1));

        // The start is exclusive and the end inclusive: "at-start" is one window old and has left it; "at-end" is
        // now. Activity is the payer's across merchants, so "other-merchant" counts.
        Assert.Equal(TimeSpan.FromHours(1), activity.Window);
        Assert.Equal(4, activity.Count);
        Assert.Equal(Money.FromMinor(100 + 250 + 40 + 3, Currency.USD), activity.Sum);
        var none = await Store.GetPayerActivityAsync("tok_nobody", Currency.KWD, T0, T0.AddHours(1));
        Assert.Equal(0, none.Count);
        Assert.Equal(Money.Zero(Currency.KWD), none.Sum);
    }

    /// <summary>The first event is written with the record, equal field by field.</summary>
    [Fact]
    public async Task Outbox_CreateWritesEvent_ClaimReturnsItEqual()
    {
        var record = NewRecord("order-1");
        var paymentEvent = await CreateAsync(record);

        var claimed = await ClaimAllAsync();

        Assert.Equal([paymentEvent], claimed);
    }

    /// <summary>A new event is claimed with its initial delivery state: no failed attempt, due when it occurred, no error, not dead-lettered.</summary>
    [Fact]
    public async Task Outbox_NewEvent_ClaimedWithInitialDeliveryState()
    {
        var paymentEvent = await CreateAsync(NewRecord("order-1", T0.AddSeconds(5)));

        var message = Assert.Single(await Store.ClaimEventsAsync(10, T0.AddMinutes(1), TimeSpan.FromMinutes(1)));

        Assert.Equal(new OutboxMessage(paymentEvent, 0, paymentEvent.OccurredAt, null, null), message);
    }

    /// <summary>Events come oldest first, at most maxCount, and only those due (occurred at or before now).</summary>
    [Fact]
    public async Task Outbox_Claim_OldestFirstLimitedAndOnlyDue()
    {
        var events = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            events.Add((await CreateAsync(NewRecord("order-" + i, T0.AddSeconds(i)))).EventId);
        }

        Assert.Equal(events.Take(3), await ClaimIdsAsync(T0.AddSeconds(2)));
        Assert.Equal([events[3]], await ClaimIdsAsync(T0.AddSeconds(10), maxCount: 1));
        Assert.Equal([events[4]], await ClaimIdsAsync(T0.AddSeconds(10)));
        Assert.Empty(await ClaimIdsAsync(T0.AddSeconds(10)));
    }

    /// <summary>A claimed event is not claimed again until its lease runs out, then it is.</summary>
    [Fact]
    public async Task Outbox_Lease_HoldsThenExpires()
    {
        var paymentEvent = await CreateAsync(NewRecord("order-1"));
        var now = T0.AddMinutes(1);
        var lease = TimeSpan.FromSeconds(30);

        Assert.Equal([paymentEvent.EventId], await ClaimIdsAsync(now, lease: lease));
        Assert.Empty(await ClaimIdsAsync(now.AddSeconds(29), lease: lease));
        Assert.Equal([paymentEvent.EventId], await ClaimIdsAsync(now.AddSeconds(30), lease: lease));
    }

    /// <summary>Delivered events are removed, several in one call; unknown, repeated and empty marks do nothing.</summary>
    [Fact]
    public async Task Outbox_MarkDelivered_RemovesEvents()
    {
        var first = await CreateAsync(NewRecord("order-1"));
        var second = await CreateAsync(NewRecord("order-2", T0.AddSeconds(1)));
        var third = await CreateAsync(NewRecord("order-3", T0.AddSeconds(2)));

        await Store.MarkDeliveredAsync([first.EventId, third.EventId, Guid.NewGuid()]);
        await Store.MarkDeliveredAsync([first.EventId]);
        await Store.MarkDeliveredAsync([]);

        Assert.Equal([second], await ClaimAllAsync());
        Assert.Equal(1, (await Store.GetOutboxBacklogAsync()).Pending);
    }

    /// <summary>A failed delivery waits for its next attempt; a dead letter is listed, never claimed, and re-driven.</summary>
    [Fact]
    public async Task Outbox_Failures_BackOffDeadLetterAndRedrive()
    {
        var paymentEvent = await CreateAsync(NewRecord("order-1"));
        var now = T0.AddMinutes(1);
        await Store.ClaimEventsAsync(10, now, TimeSpan.FromMinutes(5));
        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(paymentEvent.EventId, 1, now.AddSeconds(5), "HttpRequestException: 503", DeadLetter: false));

        Assert.Empty(await Store.ClaimEventsAsync(10, now.AddSeconds(4), TimeSpan.FromMinutes(5)));
        var retried = Assert.Single(await Store.ClaimEventsAsync(10, now.AddSeconds(5), TimeSpan.FromMinutes(5)));
        Assert.Equal((paymentEvent, 1, "HttpRequestException: 503"), (retried.Event, retried.Attempts, retried.LastError));

        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(paymentEvent.EventId, 2, now.AddSeconds(6), "gone", DeadLetter: true));
        Assert.Empty(await Store.ClaimEventsAsync(10, now.AddDays(30), TimeSpan.FromMinutes(5)));
        var dead = Assert.Single(await Store.GetDeadLettersAsync(10));
        Assert.Equal((paymentEvent.EventId, 2), (dead.Event.EventId, dead.Attempts));
        Assert.NotNull(dead.DeadLetteredAt);
        Assert.Equal(new OutboxBacklog(0, 1, null), await Store.GetOutboxBacklogAsync());

        Assert.True(await Store.RedriveAsync(paymentEvent.EventId, now.AddHours(1)));
        Assert.False(await Store.RedriveAsync(paymentEvent.EventId, now.AddHours(1)));
        Assert.Empty(await Store.GetDeadLettersAsync(10));
        var again = Assert.Single(await Store.ClaimEventsAsync(10, now.AddHours(1), TimeSpan.FromMinutes(5)));
        Assert.Equal(0, again.Attempts);
    }

    /// <summary>A delivered batch of 1,200 events is removed by one call (stores may split it into statements, not commits).</summary>
    [Fact]
    public async Task Outbox_MarkDelivered_ManyInOneCall()
    {
        var records = Enumerable.Range(0, 1_200).Select(i => NewRecord("order-" + i, T0.AddMilliseconds(i))).ToList();
        await CreateAllAsync(records);
        var events = await ClaimIdsAsync(T0.AddMinutes(1), maxCount: 2_000);
        Assert.Equal(1_200, events.Count);

        await Store.MarkDeliveredAsync([.. events.Take(1_150)]);

        Assert.Equal(events.Skip(1_150), await ClaimIdsAsync(T0.AddHours(1), maxCount: 2_000));
        Assert.Equal(50, (await Store.GetOutboxBacklogAsync()).Pending);
    }

    /// <summary>A failed delivery releases the claim and backs off: the event is due again at its next attempt, with the attempt count and error recorded.</summary>
    [Fact]
    public async Task Outbox_RecordFailure_ReleasesClaimAndBacksOff()
    {
        var paymentEvent = await CreateAsync(NewRecord("order-1"));
        var now = T0.AddMinutes(1);
        Assert.Equal([paymentEvent.EventId], await ClaimIdsAsync(now, lease: TimeSpan.FromMinutes(5)));

        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(paymentEvent.EventId, 1, now.AddSeconds(10), "HttpRequestException: 503", DeadLetter: false));
        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(Guid.NewGuid(), 1, now, "unknown event", DeadLetter: false));

        Assert.Empty(await ClaimIdsAsync(now.AddSeconds(9)));

        // Due at +10 s although the five-minute lease has not run out: recording the failure released it.
        var again = Assert.Single(await Store.ClaimEventsAsync(10, now.AddSeconds(10), TimeSpan.FromMinutes(1)));
        Assert.Equal(new OutboxMessage(paymentEvent, 1, now.AddSeconds(10), "HttpRequestException: 503", null), again);
        Assert.Equal(new OutboxBacklog(1, 0, paymentEvent.OccurredAt), await Store.GetOutboxBacklogAsync());
    }

    /// <summary>Dead letters are listed oldest first and never claimed; a re-drive makes one due again with its attempts reset.</summary>
    [Fact]
    public async Task Outbox_DeadLetter_ListedNotClaimedUntilRedriven()
    {
        var first = await CreateAsync(NewRecord("order-1"));
        var second = await CreateAsync(NewRecord("order-2", T0.AddSeconds(1)));
        var third = await CreateAsync(NewRecord("order-3", T0.AddSeconds(2)));
        var now = T0.AddMinutes(1);
        Assert.Equal(3, (await ClaimIdsAsync(now)).Count);
        await Store.MarkDeliveredAsync([third.EventId]);

        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(second.EventId, 5, now, "gave up", DeadLetter: true));
        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(first.EventId, 7, now.AddSeconds(1), "gave up too", DeadLetter: true));

        var dead = await Store.GetDeadLettersAsync(10);
        Assert.Equal([first.EventId, second.EventId], dead.Select(m => m.Event.EventId));
        Assert.Equal(new OutboxMessage(second, 5, now, "gave up", now), dead[1]);
        Assert.Equal([first.EventId], (await Store.GetDeadLettersAsync(1)).Select(m => m.Event.EventId));
        Assert.Empty(await ClaimIdsAsync(now.AddYears(1)));
        Assert.Equal(new OutboxBacklog(0, 2, null), await Store.GetOutboxBacklogAsync());

        var redriveAt = now.AddHours(1);
        Assert.True(await Store.RedriveAsync(second.EventId, redriveAt));
        Assert.False(await Store.RedriveAsync(second.EventId, redriveAt));
        Assert.False(await Store.RedriveAsync(third.EventId, redriveAt));
        Assert.False(await Store.RedriveAsync(Guid.NewGuid(), redriveAt));

        Assert.Empty(await ClaimIdsAsync(redriveAt.AddTicks(-1)));
        var redriven = Assert.Single(await Store.ClaimEventsAsync(10, redriveAt, TimeSpan.FromMinutes(1)));
        Assert.Equal(new OutboxMessage(second, 0, redriveAt, "gave up", null), redriven);
        Assert.Equal([first.EventId], (await Store.GetDeadLettersAsync(10)).Select(m => m.Event.EventId));
        Assert.Equal(new OutboxBacklog(1, 1, second.OccurredAt), await Store.GetOutboxBacklogAsync());
    }

    /// <summary>The backlog counts events still to deliver (claimed or not), dead letters, and when the oldest still to deliver occurred.</summary>
    [Fact]
    public async Task Outbox_Backlog_CountsPendingDeadAndOldestPending()
    {
        Assert.Equal(new OutboxBacklog(0, 0, null), await Store.GetOutboxBacklogAsync());
        var a = await CreateAsync(NewRecord("a", T0.AddSeconds(1)));
        var b = await CreateAsync(NewRecord("b", T0.AddSeconds(2)));
        var c = await CreateAsync(NewRecord("c", T0.AddSeconds(3).ToOffset(TimeSpan.FromHours(-5))));
        Assert.Equal(new OutboxBacklog(3, 0, T0.AddSeconds(1)), await Store.GetOutboxBacklogAsync());

        await Store.RecordDeliveryFailureAsync(new DeliveryFailure(a.EventId, 3, T0.AddMinutes(1), "gave up", DeadLetter: true));
        Assert.Equal(new OutboxBacklog(2, 1, T0.AddSeconds(2)), await Store.GetOutboxBacklogAsync());
        await Store.MarkDeliveredAsync([b.EventId]);
        Assert.Equal([c.EventId], await ClaimIdsAsync(T0.AddMinutes(1)));

        var backlog = await Store.GetOutboxBacklogAsync();
        Assert.Equal(new OutboxBacklog(1, 1, c.OccurredAt), backlog);
        Assert.Equal(c.OccurredAt.UtcTicks, backlog.OldestPending!.Value.UtcTicks);
    }

    /// <summary>Many instances claim at once: every event goes to exactly one of them.</summary>
    [Fact]
    public async Task Outbox_ConcurrentClaims_EachEventClaimedOnce()
    {
        const int Count = 60;
        for (var i = 0; i < Count; i++)
        {
            await CreateAsync(NewRecord("order-" + i, T0.AddSeconds(i)));
        }

        var now = T0.AddHours(1);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await ClaimIdsAsync(now, maxCount: 7, lease: TimeSpan.FromMinutes(5));
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch);
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(Count, all.Count);
        Assert.Equal(Count, all.Distinct().Count());
    }

    /// <summary>Due records: those whose due time has come, earliest first; records with no due time are never listed.</summary>
    [Fact]
    public async Task GetDue_ListsDueRecordsEarliestFirst()
    {
        var late = NewRecord("late", T0) with { DueAt = T0.AddMinutes(10) };
        await CreateAsync(late);
        var early = NewRecord("early", T0) with { DueAt = T0.AddMinutes(1) };
        await CreateAsync(early);
        var never = NewRecord("never", T0) with { DueAt = null };
        await CreateAsync(never);
        var moved = NewRecord("moved", T0) with { DueAt = T0.AddMinutes(2) };
        await CreateAsync(moved);
        var m2 = Move(moved, TransactionStatus.Authorized, T0.AddSeconds(1)) with { DueAt = T0.AddDays(7) };
        Assert.True(await Store.TryUpdateAsync(m2, 1, PaymentEvent.For(m2)));

        Assert.Equal(["early", "late"], (await Store.GetDueAsync(T0.AddMinutes(10), 10)).Select(r => r.IdempotencyKey));
        Assert.Equal(["early"], (await Store.GetDueAsync(T0.AddMinutes(10), 1)).Select(r => r.IdempotencyKey));
        Assert.Empty(await Store.GetDueAsync(T0, 10));
        Assert.Equal(["early", "late", "moved"], (await Store.GetDueAsync(T0.AddDays(8), 10)).Select(r => r.IdempotencyKey));
    }

    /// <summary>Recovery lists the records whose due time has come: earliest due first, then by id, at most maxCount, full records.</summary>
    [Fact]
    public async Task GetDue_ListsDueRecordsEarliestFirstThenById()
    {
        var late = NewRecord("late") with { DueAt = T0.AddMinutes(5) };
        var early = NewRecord("early") with { DueAt = T0.AddMinutes(1) };
        var tieA = NewRecord("tie-a") with { DueAt = T0.AddMinutes(3) };
        var tieB = NewRecord("tie-b") with { DueAt = T0.AddMinutes(3).ToOffset(TimeSpan.FromHours(2)) };
        var future = NewRecord("future") with { DueAt = T0.AddHours(1) };
        var none = NewRecord("none");
        foreach (var record in new[] { tieB, future, late, none, early, tieA })
        {
            await CreateAsync(record);
        }

        var ties = new[] { tieA, tieB }.OrderBy(r => r.Id).Select(r => r.IdempotencyKey);

        Assert.Equal(["early", .. ties, "late"], (await Store.GetDueAsync(T0.AddMinutes(5), 10)).Select(r => r.IdempotencyKey));
        Assert.Equal(["early", ties.First()], (await Store.GetDueAsync(T0.AddMinutes(5), 2)).Select(r => r.IdempotencyKey));
        Assert.Empty(await Store.GetDueAsync(T0.AddMinutes(1).AddTicks(-1), 10));
        Assert.Equal([early], await Store.GetDueAsync(T0.AddMinutes(1), 10));
        Assert.Equal(5, (await Store.GetDueAsync(T0.AddYears(1), 10)).Count);
    }

    /// <summary>An update moves the due time; a record whose due time is cleared is never listed again; a stale update moves nothing.</summary>
    [Fact]
    public async Task GetDue_UpdateMovesOrClearsTheDueTime()
    {
        var a = NewRecord("a") with { DueAt = T0 };
        var b = NewRecord("b") with { DueAt = T0.AddSeconds(1) };
        await CreateAsync(a);
        await CreateAsync(b);
        var a2 = WithDue(a, T0.AddMinutes(10));
        var b2 = WithDue(b, null);

        Assert.True(await Store.TryUpdateAsync(a2, 1, null));
        Assert.True(await Store.TryUpdateAsync(b2, 1, PaymentEvent.For(b2)));
        Assert.False(await Store.TryUpdateAsync(WithDue(a, T0), 1, null));

        Assert.Empty(await Store.GetDueAsync(T0.AddMinutes(10).AddTicks(-1), 10));
        Assert.Equal([a2], await Store.GetDueAsync(T0.AddYears(100), 10));
    }

    /// <summary>
    /// Issue 9: 10,000 records that are not due (half with no due time, half due in a week, like healthy holds waiting
    /// for the merchant) and five due ones: a batch of 10 returns exactly the five, earliest first.
    /// </summary>
    [Fact]
    public async Task GetDue_TenThousandNotDueAndFiveDue_ReturnsOnlyTheDue()
    {
        var waiting = Enumerable.Range(0, 10_000).Select(i => NewRecord("hold-" + i, T0.AddSeconds(-i)) with { DueAt = i % 2 == 0 ? null : T0.AddDays(7) });
        var due = Enumerable.Range(0, 5).Select(i => NewRecord("due-" + i, T0.AddDays(-1)) with { DueAt = T0.AddSeconds(4 - i) }).ToList();
        await CreateAllAsync([.. waiting.Take(5_000), .. due, .. waiting.Skip(5_000)]);

        var listed = await Store.GetDueAsync(T0.AddMinutes(1), 10);

        Assert.Equal(due.AsEnumerable().Reverse().Select(r => r.IdempotencyKey), listed.Select(r => r.IdempotencyKey));
    }

    /// <summary>
    /// Concurrent writes of all kinds at once (stores may commit them as a group): each caller gets its own result
    /// (created, key taken, updated, stale), and exactly the successful writes are stored.
    /// </summary>
    [Fact]
    public async Task ConcurrentMixedWrites_EachCallerGetsItsOwnResult()
    {
        var seeded = Enumerable.Range(0, 16).Select(i => NewRecord("seed-" + i)).ToList();
        await CreateAllAsync(seeded);
        var fresh = Enumerable.Range(0, 48).Select(i => NewRecord("fresh-" + i)).ToList();
        var duplicates = seeded.Take(8).Select(r => NewRecord(r.IdempotencyKey, T0.AddMinutes(1), amount: Money.FromMinor(1, Currency.USD))).ToList();
        var updates = seeded.Skip(8).Select(r => Move(r, TransactionStatus.Authorized, T0.AddSeconds(5))).ToList();
        var stale = seeded.Skip(8).Select(r => Move(r, TransactionStatus.Declined, T0.AddSeconds(6))).ToList();

        var creates = fresh.Concat(duplicates).Select(r => Task.Run(async () => await Store.TryCreateAsync(r, PaymentEvent.For(r)))).ToList();
        var writes = updates.Select(r => Task.Run(async () => await Store.TryUpdateAsync(r, 1, PaymentEvent.For(r)))).ToList();
        await Task.WhenAll(writes);
        var staleWrites = stale.Select(r => Task.Run(async () => await Store.TryUpdateAsync(r, 1, PaymentEvent.For(r)))).ToList();
        var created = await Task.WhenAll(creates);

        Assert.All(created.Take(48), r => Assert.True(r.Created));
        Assert.Equal(seeded.Take(8), created.Skip(48).Select(r => r.Existing));
        Assert.All(await Task.WhenAll(writes), updated => Assert.True(updated));
        Assert.All(await Task.WhenAll(staleWrites), updated => Assert.False(updated));
        foreach (var record in fresh.Concat(updates))
        {
            Assert.Equal(record, await Store.GetAsync(record.Id));
        }

        Assert.Equal(16 + 48 + 8, (await Store.GetOutboxBacklogAsync()).Pending);
    }

    /// <summary>Creates records with their first events, as a batch when the store writes batches.</summary>
    /// <param name="records">The records.</param>
    /// <returns>A task that completes when all are created.</returns>
    protected async Task CreateAllAsync(IReadOnlyList<TransactionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (Store is IBatchTransactionStore batch)
        {
            foreach (var chunk in records.Chunk(1_000))
            {
                var results = await batch.CreateManyAsync([.. chunk.Select(r => (r, PaymentEvent.For(r)))]).ConfigureAwait(false);
                Assert.All(results, r => Assert.True(r.Created));
            }

            return;
        }

        foreach (var record in records)
        {
            await CreateAsync(record).ConfigureAwait(false);
        }
    }

    /// <summary>Records in JPY (0 decimals), USD (2) and KWD (3), with everything filled in, are read back equal field by field.</summary>
    /// <param name="code">The currency.</param>
    /// <param name="minor">The amount in minor units.</param>
    [Theory]
    [InlineData("JPY", 1L)]
    [InlineData("JPY", 9_007_199_254_740_993L)]
    [InlineData("USD", 1005L)]
    [InlineData("KWD", 12_345L)]
    [InlineData("KWD", long.MaxValue)]
    public async Task RoundTrip_EveryField_ReadBackEqual(string code, long minor)
    {
        var currency = Currency.FromCode(code);
        var amount = Money.FromMinor(minor, currency);
        var offset = TimeSpan.FromMinutes(330);
        var at = T0.ToOffset(offset);
        var record = NewRecord("rt-" + code + minor, at, payerToken: "tok_\"quoted\" ünïcödé ✓", amount: amount) with
        {
            Request = new PaymentRequest
            {
                IdempotencyKey = "rt-" + code + minor,
                MerchantId = "merchant-1",
                Amount = amount,
                Payer = PaymentInstrument.Account("GB33BUKB20201555555555"),
                Payee = "acct_merchant_1",
                CaptureMode = CaptureMode.Manual,
                Description = "Line 1\nLine 2 \u00e9 \"quoted\" \\ backslash",
                Metadata = new Dictionary<string, string> { ["order"] = "A-1", ["empty"] = string.Empty, ["ключ"] = "値 ✓" },
            },
            Fee = Money.FromMinor(minor / 100, currency),
        };
        await CreateAsync(record);

        var v2 = Move(record, TransactionStatus.Authorized, at.AddSeconds(1)) with { Authorizer = "issuer", AuthorizationCode = "AUTH-42" };
        var v3 = v2 with
        {
            Version = 3,
            UpdatedAt = at.AddSeconds(2),
            Pending = new PendingOperation(AuthorizerOperation.Capture, "cap-1", amount, at.AddSeconds(2), OutcomeUnknown: true),
        };
        var v4 = Move(v3, TransactionStatus.Voided, at.AddSeconds(3).ToOffset(TimeSpan.FromHours(-7))) with
        {
            Decline = new DeclineInfo("do_not_honor", "issuer", "Declined — try \"later\"."),
            FailureReason = "unusual",
            Pending = v3.Pending,
            History = v3.History.Add(new StateChange(4, TransactionStatus.Authorized, TransactionStatus.Voided, amount, at.AddSeconds(3), "void-key", "reason")),
        };
        Assert.True(await Store.TryUpdateAsync(v2, 1, PaymentEvent.For(v2)));
        Assert.True(await Store.TryUpdateAsync(v3, 2, null));
        Assert.True(await Store.TryUpdateAsync(v4, 3, PaymentEvent.For(v4)));

        var read = await Store.GetAsync(record.Id);

        Assert.NotNull(read);
        Assert.Equal(v4, read);
        Assert.Equal(v4.Request.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), read.Request.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(v4.Request.Payer, read.Request.Payer);
        Assert.Equal(v4.CreatedAt.Offset, read.CreatedAt.Offset);
        Assert.Equal(v4.UpdatedAt.Offset, read.UpdatedAt.Offset);
        Assert.Equal(v4.History.Select(h => h.At.Offset), read.History.Select(h => h.At.Offset));
        Assert.Equal(currency, read.Amount.Currency);
        Assert.Equal(minor, read.Amount.MinorUnits);
        var events = await ClaimAllAsync(at.AddYears(1));
        Assert.Equal(3, events.Count);
        Assert.Equal(PaymentEvent.For(v4), events[^1]);
        Assert.Equal(PaymentEvent.For(v4).OccurredAt.Offset, events[^1].OccurredAt.Offset);
    }

    /// <summary>Stores that write batches keep the same contract: duplicates inside and outside the batch come back as existing, events are written once.</summary>
    [Fact]
    public async Task CreateMany_WhenSupported_CreatesNewAndReturnsExisting()
    {
        if (Store is not IBatchTransactionStore batch)
        {
            return;
        }

        var existing = NewRecord("order-0");
        await CreateAsync(existing);
        var items = Enumerable.Range(0, 5).Select(i => NewRecord("order-" + i, T0.AddSeconds(i + 1))).ToList();
        items.Add(NewRecord("order-3", T0.AddSeconds(9)));

        var results = await batch.CreateManyAsync([.. items.Select(r => (r, PaymentEvent.For(r)))]);

        Assert.Equal([false, true, true, true, true, false], results.Select(r => r.Created));
        Assert.Equal(existing, results[0].Existing);
        Assert.Equal(items[3], results[5].Existing);
        Assert.Equal(5, (await ClaimAllAsync()).Count);
        Assert.Equal(items[4], await Store.GetAsync(items[4].Id));
    }

    /// <summary>A record with no optional field and an empty history also round-trips.</summary>
    [Fact]
    public async Task RoundTrip_MinimalRecord_ReadBackEqual()
    {
        var full = NewRecord("minimal");
        var record = full with { History = ImmutableArray<StateChange>.Empty };
        Assert.True((await Store.TryCreateAsync(record, PaymentEvent.For(full))).Created);

        Assert.Equal(record, await Store.GetAsync(record.Id));
    }
}
