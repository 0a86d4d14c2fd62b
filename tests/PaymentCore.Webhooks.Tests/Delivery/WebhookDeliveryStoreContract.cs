using PaymentCore.Transactions;
using PaymentCore.Webhooks.Delivery;

namespace PaymentCore.Webhooks.Tests.Delivery;

/// <summary>
/// What every <see cref="IWebhookDeliveryStore"/> must do, written once: a durable store derives from this class and
/// passes the same tests as the in-memory default.
/// </summary>
public abstract class WebhookDeliveryStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IWebhookDeliveryStore CreateStore();

    private static WebhookDeliveryDraft Draft(string key, string endpoint = "ep-1", int version = 1, string merchant = "m")
    {
        var transaction = TransactionId.For(merchant, key);
        return new WebhookDeliveryDraft(
            new WebhookDeliveryId(PaymentEvent_IdFor(transaction, version), endpoint),
            "evt_" + key + version,
            merchant,
            transaction,
            "payment.captured",
            sequence => $"{{\"sequence\":{sequence}}}");
    }

    private static Guid PaymentEvent_IdFor(TransactionId transaction, int version) => PaymentCore.Notifications.PaymentEvent.IdFor(transaction, version);

    [Fact]
    public async Task Enqueue_New_CreatedClaimedWithSequenceOneAndTheBuiltBody()
    {
        var store = CreateStore();

        var (delivery, created) = await store.EnqueueAsync(Draft("a"), Now, Now.AddMinutes(5));

        Assert.True(created);
        Assert.Equal(1, delivery.Sequence);
        Assert.Equal("{\"sequence\":1}", delivery.Body);
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Now.AddMinutes(5), delivery.NextAttemptAt);
        Assert.Equal(0, delivery.Attempts);
        Assert.Equal(Now, delivery.CreatedAt);
    }

    [Fact]
    public async Task Enqueue_SameIdTwice_ReturnsTheFirstUnchanged()
    {
        var store = CreateStore();
        var (first, _) = await store.EnqueueAsync(Draft("a"), Now, Now.AddMinutes(5));

        var (again, created) = await store.EnqueueAsync(Draft("a"), Now.AddHours(1), Now.AddHours(2));

        Assert.False(created);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Enqueue_SequenceCountsPerEndpointAndTransaction()
    {
        var store = CreateStore();

        var a1 = (await store.EnqueueAsync(Draft("a", version: 1), Now, Now)).Delivery;
        var a2 = (await store.EnqueueAsync(Draft("a", version: 2), Now, Now)).Delivery;
        var b1 = (await store.EnqueueAsync(Draft("b", version: 1), Now, Now)).Delivery;
        var a1Other = (await store.EnqueueAsync(Draft("a", "ep-2", 1), Now, Now)).Delivery;
        var a3 = (await store.EnqueueAsync(Draft("a", version: 3), Now, Now)).Delivery;

        Assert.Equal([1L, 2L, 1L, 1L, 3L], [a1.Sequence, a2.Sequence, b1.Sequence, a1Other.Sequence, a3.Sequence]);
    }

    [Fact]
    public async Task ClaimDue_OnlyPendingAndDue_EarliestFirst_AndLeasedAway()
    {
        var store = CreateStore();
        await store.EnqueueAsync(Draft("late"), Now, Now.AddSeconds(30));
        await store.EnqueueAsync(Draft("early"), Now, Now.AddSeconds(10));
        await store.EnqueueAsync(Draft("future"), Now, Now.AddHours(1));

        var claimed = await store.ClaimDueAsync(Now.AddMinutes(1), Now.AddMinutes(6), 10);

        Assert.Equal(["evt_early1", "evt_late1"], claimed.Select(d => d.MessageId));
        Assert.All(claimed, d => Assert.Equal(Now.AddMinutes(6), d.NextAttemptAt));
        Assert.Empty(await store.ClaimDueAsync(Now.AddMinutes(1), Now.AddMinutes(6), 10));
        var afterLease = await store.ClaimDueAsync(Now.AddMinutes(6), Now.AddMinutes(11), 10);
        Assert.Equal(["evt_early1", "evt_late1"], afterLease.Select(d => d.MessageId).Order(StringComparer.Ordinal)); // a lapsed lease comes due again
    }

    [Fact]
    public async Task ClaimDue_Max_Respected()
    {
        var store = CreateStore();
        for (var i = 0; i < 5; i++)
        {
            await store.EnqueueAsync(Draft($"k{i}"), Now, Now);
        }

        Assert.Equal(2, (await store.ClaimDueAsync(Now, Now.AddMinutes(5), 2)).Count);
        Assert.Equal(3, (await store.ClaimDueAsync(Now, Now.AddMinutes(5), 10)).Count);
    }

    [Fact]
    public async Task TryUpdate_StaleRevision_Refused()
    {
        var store = CreateStore();
        var (delivery, _) = await store.EnqueueAsync(Draft("a"), Now, Now);
        var claimed = Assert.Single(await store.ClaimDueAsync(Now, Now.AddMinutes(5), 1));

        Assert.False(await store.TryUpdateAsync(delivery with { Attempts = 1, Revision = delivery.Revision + 1 }));
        Assert.True(await store.TryUpdateAsync(claimed with { Attempts = 1, Status = WebhookDeliveryStatus.Delivered, Revision = claimed.Revision + 1 }));
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await store.FindAsync(delivery.Id))!.Status);
        Assert.False(await store.TryUpdateAsync(claimed with { Revision = claimed.Revision + 1 }));
    }

    [Fact]
    public async Task ListDeadLetters_OnlyDeadOfTheMerchant_OldestFirst()
    {
        var store = CreateStore();
        foreach (var (key, merchant, minutes) in new[] { ("a", "m", 2), ("b", "m", 1), ("c", "other", 0), ("d", "m", 3) })
        {
            var (delivery, _) = await store.EnqueueAsync(Draft(key, merchant: merchant), Now, Now);
            var dead = key != "d";
            Assert.True(await store.TryUpdateAsync(delivery with
            {
                Status = dead ? WebhookDeliveryStatus.DeadLettered : WebhookDeliveryStatus.Delivered,
                LastAttemptAt = Now.AddMinutes(minutes),
                Revision = delivery.Revision + 1,
            }));
        }

        Assert.Equal(["evt_b1", "evt_a1"], (await store.ListDeadLettersAsync("m", 10)).Select(d => d.MessageId));
        Assert.Equal(3, (await store.ListDeadLettersAsync(null, 10)).Count);
        Assert.Single(await store.ListDeadLettersAsync(null, 1));
    }

    [Fact]
    public async Task Enqueue_64ConcurrentCallsForOneId_OneCreated()
    {
        var store = CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.EnqueueAsync(Draft("a"), Now, Now))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Delivery.Sequence).Distinct());
    }
}

public sealed class InMemoryWebhookDeliveryStoreTests : WebhookDeliveryStoreContract
{
    protected override IWebhookDeliveryStore CreateStore() => new InMemoryWebhookDeliveryStore();
}
