using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using MyShop.Payments;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Payloads;
using PaymentCore.Webhooks.Signing;
using PaymentCore.Webhooks.Tests.Support;

namespace PaymentCore.Webhooks.Tests.Delivery;

/// <summary>The sender against receivers built from the docs' ASP.NET Core example, verifying with their own secrets.</summary>
public sealed class ReceiverVerificationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _receiverClock = new(WebhookHarness.Start);
    private readonly WebhookSecret _secret = WebhookSecret.Generate();
    private readonly WebhookSecret _oldSecret = WebhookSecret.Generate();
    private readonly ConcurrentQueue<(string Receiver, PaymentWebhookPayload Payload)> _handled = new();
    private ReceiverServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ReceiverServer.StartAsync(app =>
        {
            app.MapPaymentWebhooks("/right", new WebhookVerifier(_secret, _receiverClock), p => _handled.Enqueue(("right", p)));
            app.MapPaymentWebhooks("/wrong", new WebhookVerifier(WebhookSecret.Generate(), _receiverClock), p => _handled.Enqueue(("wrong", p)));
            app.MapPaymentWebhooks("/old-only", new WebhookVerifier(_oldSecret, _receiverClock), p => _handled.Enqueue(("old-only", p)));
            app.MapPaymentWebhooks("/new-only", new WebhookVerifier(_secret, _receiverClock), p => _handled.Enqueue(("new-only", p)));
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deliver_ReceiverWithTheRightSecret_AcceptsAndHandlesOnce()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", new Uri(_server.BaseAddress, "right"), _secret);
        var paymentEvent = WebhookHarness.Event();

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(paymentEvent));

        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, outcome.Kind);
        var handled = Assert.Single(_handled);
        Assert.Equal("right", handled.Receiver);
        Assert.Equal(PaymentWebhookPayload.MessageIdFor(paymentEvent), handled.Payload.Id);
    }

    [Fact]
    public async Task Deliver_ReceiverWithAWrongSecret_Refuses400NoMatchingSignatureAndRetries()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", new Uri(_server.BaseAddress, "wrong"), _secret);

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, outcome.Kind);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Empty(_handled);
        // The same request, signed properly but with the sender's secret, gets the receiver's typed error.
        using var client = new HttpClient();
        var body = "{}"u8.ToArray();
        var ts = WebhookHarness.Start.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, "wrong")) { Content = new ByteArrayContent(body) };
        request.Headers.Add(WebhookHeaders.Id, "evt_1");
        request.Headers.Add(WebhookHeaders.Timestamp, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSigner.Sign(_secret, "evt_1", ts, body));
        var direct = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
        var problem = await direct.Content.ReadAsStringAsync();
        Assert.Contains("no_matching_signature", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret.Reveal()["whsec_".Length..], problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_RotationWithTwoSecrets_ReceiversOnEitherSecretAccept()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-old", new Uri(_server.BaseAddress, "old-only"), _secret, _oldSecret);
        await harness.AddEndpointAsync("ep-new", new Uri(_server.BaseAddress, "new-only"), _secret, _oldSecret);

        var outcomes = await harness.Notifier.DeliverAsync(WebhookHarness.Event());

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, o.Kind));
        Assert.Equal(["new-only", "old-only"], _handled.Select(h => h.Receiver).Order());
    }

    [Fact]
    public async Task Deliver_RotationFinished_ReceiverStillOnTheOldSecretRefuses()
    {
        await using var harness = WebhookHarness.Create();
        var endpoint = await harness.AddEndpointAsync("ep-old", new Uri(_server.BaseAddress, "old-only"), _secret, _oldSecret);
        await harness.Registry.AddOrUpdateAsync(endpoint with { Secrets = [_secret] });

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(400, outcome.StatusCode);
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task Deliver_ReceiverClockSixMinutesAhead_RefusesAsOutOfTolerance()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", new Uri(_server.BaseAddress, "right"), _secret);
        _receiverClock.Advance(TimeSpan.FromMinutes(6));

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(400, outcome.StatusCode);
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task Redrive_OfADeliveredEvent_ReceiverHandlesItOnce()
    {
        await using var harness = WebhookHarness.Create(o => o.RetrySchedule = [TimeSpan.FromSeconds(1)]);
        await harness.AddEndpointAsync("ep-1", new Uri(_server.BaseAddress, "right"), _secret);
        var paymentEvent = WebhookHarness.Event();
        await harness.Notifier.DeliverAsync(paymentEvent);
        var delivery = Assert.Single(harness.Store.Snapshot());
        // Force a second send of an event the receiver already has: mark it dead and re-drive it.
        Assert.True(await harness.Store.TryUpdateAsync(delivery with { Status = WebhookDeliveryStatus.DeadLettered, Revision = delivery.Revision + 1 }));

        var redriven = await harness.DeadLetters.RedriveAsync(delivery.Id);

        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, redriven.Kind);
        Assert.Single(_handled); // same webhook-id: the receiver's de-duplication drops the second copy
    }
}
