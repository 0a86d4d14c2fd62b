using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Payloads;
using PaymentCore.Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace PaymentCore.Webhooks.Tests.Delivery;

public sealed class VolumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deliver_1000EventsTo10Endpoints_NoneLostNoneDuplicatedAfterDedupById()
    {
        const int Transactions = 250;
        const int VersionsPerTransaction = 4;
        const int Endpoints = 10;
        await using var server = await ReceiverServer.StartAsync();
        // Deterministic trouble: per (endpoint, event) the first answer is decided by a hash, not by arrival order.
        var failedOnce = new ConcurrentDictionary<(string, string), bool>();
        var accepted = new ConcurrentDictionary<(string Endpoint, string Id), int>();
        for (var e = 0; e < Endpoints; e++)
        {
            var name = $"ep{e}";
            server.Script(name, (request, _) =>
            {
                var id = request.Header("webhook-id")!;
                var hash = Convert.ToInt32(id[^2..], 16) + (int)char.GetNumericValue(name[^1]);
                var first = failedOnce.TryAdd((name, id), true);
                IResult answer = first && hash % 5 == 0 ? Results.StatusCode(503)
                    : first && hash % 7 == 0 ? Results.StatusCode(429)
                    : Results.NoContent();
                if (answer is IStatusCodeHttpResult { StatusCode: 204 })
                {
                    accepted.AddOrUpdate((name, id), 1, static (_, n) => n + 1);
                }

                return Task.FromResult(answer);
            });
        }

        await using var harness = WebhookHarness.Create(o => o.MaxConcurrency = 16);
        for (var e = 0; e < Endpoints; e++)
        {
            await harness.AddEndpointAsync($"endpoint-{e}", server.Url($"ep{e}"));
        }

        // Each transaction's events go out in version order; transactions run 16 at a time.
        var events = Enumerable.Range(0, Transactions)
            .Select(t => Enumerable.Range(1, VersionsPerTransaction).Select(v => WebhookHarness.Event($"order-{t}", v)).ToArray())
            .ToArray();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (transaction, ct) =>
        {
            foreach (var paymentEvent in transaction)
            {
                await harness.Notifier.NotifyAsync(paymentEvent, ct);
            }
        });

        var rounds = 0;
        while (harness.Store.Snapshot().Any(d => d.Status == WebhookDeliveryStatus.Pending) && rounds++ < 20)
        {
            harness.Time.Advance(TimeSpan.FromMinutes(10));
            while ((await harness.Runner.RunDueAsync(500)).Count > 0)
            {
            }
        }

        var deliveries = harness.Store.Snapshot();
        output.WriteLine($"{server.Requests.Count} requests for {deliveries.Count} deliveries in {rounds} retry rounds");
        Assert.Equal(Transactions * VersionsPerTransaction * Endpoints, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        Assert.True(server.Requests.Count > deliveries.Count, "some first attempts should have failed and been retried");
        var expectedIds = events.SelectMany(t => t).Select(PaymentWebhookPayload.MessageIdFor).ToHashSet();
        for (var e = 0; e < Endpoints; e++)
        {
            var received = server.On($"ep{e}");
            var distinct = received.Select(r => r.Header("webhook-id")!).ToHashSet();
            Assert.True(expectedIds.SetEquals(distinct), $"endpoint {e} lost or invented events");
            Assert.All(accepted.Where(a => a.Key.Endpoint == $"ep{e}"), a => Assert.Equal(1, a.Value));
            Assert.Equal(expectedIds.Count, accepted.Count(a => a.Key.Endpoint == $"ep{e}"));

            // Sequence numbers per transaction are 1..4 in version order at every endpoint.
            var byTransaction = received
                .Select(r => JsonSerializer.Deserialize(r.Body, WebhookJsonContext.Default.PaymentWebhookPayload)!)
                .DistinctBy(p => p.Id)
                .GroupBy(p => p.Data.TransactionId);
            Assert.All(byTransaction, g => Assert.Equal(g.OrderBy(p => p.Data.Version).Select(p => p.Sequence), [1L, 2L, 3L, 4L]));
        }
    }
}
