using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PaymentCore.Transactions;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Payloads;
using PaymentCore.Webhooks.Signing;
using PaymentCore.Webhooks.Tests.Support;

namespace PaymentCore.Webhooks.Tests.Delivery;

/// <summary>The notifier against a real Kestrel receiver on 127.0.0.1, time driven by a fake clock.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private ReceiverServer _server = null!;

    public async Task InitializeAsync() => _server = await ReceiverServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deliver_ReceiverAnswers204_DeliveredSignedWithStandardHeaders()
    {
        await using var harness = WebhookHarness.Create();
        var secret = WebhookSecret.Generate();
        await harness.AddEndpointAsync("ep-1", _server.Url("ok"), secret);
        var paymentEvent = WebhookHarness.Event();

        var outcomes = await harness.Notifier.DeliverAsync(paymentEvent);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, outcome.Kind);
        Assert.Equal(204, outcome.StatusCode);
        Assert.Equal(1, outcome.Attempts);
        var request = Assert.Single(_server.On("ok"));
        Assert.Equal("evt_" + paymentEvent.EventId.ToString("N"), request.Header("webhook-id"));
        Assert.Equal(WebhookHarness.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("webhook-timestamp"));
        Assert.Equal("1", request.Header("webhook-sequence"));
        Assert.Equal("application/json; charset=utf-8", request.Header("content-type"));
        Assert.Null(request.Header("stripe-signature"));
        var verified = new WebhookVerifier(secret, harness.Time).Verify(request.Header("webhook-id"), request.Header("webhook-timestamp"), request.Header("webhook-signature"), request.Body);
        Assert.True(verified.IsValid, verified.Message);
    }

    [Fact]
    public async Task Deliver_Body_IsCamelCaseJsonWithIntegerMinorUnits()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", _server.Url("ok"));
        var paymentEvent = WebhookHarness.Event(to: TransactionStatus.PartiallyRefunded, from: TransactionStatus.Captured, version: 3);

        await harness.Notifier.DeliverAsync(paymentEvent);

        var body = Assert.Single(_server.On("ok")).Body;
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("payment.partially_refunded", root.GetProperty("type").GetString());
        Assert.Equal("evt_" + paymentEvent.EventId.ToString("N"), root.GetProperty("id").GetString());
        Assert.Equal(1, root.GetProperty("sequence").GetInt64());
        var data = root.GetProperty("data");
        Assert.Equal(paymentEvent.TransactionId.ToString(), data.GetProperty("transactionId").GetString());
        Assert.Equal(3, data.GetProperty("version").GetInt64());
        Assert.Equal("captured", data.GetProperty("from").GetString());
        Assert.Equal("partially_refunded", data.GetProperty("to").GetString());
        var amount = data.GetProperty("amount");
        Assert.Equal(JsonValueKind.Number, amount.GetProperty("minorUnits").ValueKind);
        Assert.Equal("1005", amount.GetProperty("minorUnits").GetRawText()); // an integer, never 10.05
        Assert.Equal("USD", amount.GetProperty("currency").GetString());
        Assert.False(data.TryGetProperty("payerToken", out _));
        var payload = JsonSerializer.Deserialize(body, WebhookJsonContext.Default.PaymentWebhookPayload)!;
        Assert.Equal(new WebhookAmount(1005, "USD"), payload.Data.Amount);
    }

    [Fact]
    public async Task Deliver_500ThenSuccess_RetriedAtFiveSecondsWithTheSameIdAndBody()
    {
        await using var harness = WebhookHarness.Create();
        _server.Script("flaky", n => n == 1 ? Results.StatusCode(500) : Results.Ok());
        await harness.AddEndpointAsync("ep-1", _server.Url("flaky"));

        var first = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, first.Kind);
        Assert.Equal(WebhookHarness.Start.AddSeconds(5), first.RetryAt);
        Assert.Equal(500, first.StatusCode);
        Assert.Equal("http_500", first.Error);
        harness.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await harness.Runner.RunDueAsync());
        Assert.Single(_server.On("flaky"));

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await harness.Runner.RunDueAsync());

        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, second.Kind);
        Assert.Equal(2, second.Attempts);
        var requests = _server.On("flaky");
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(WebhookHarness.Start.AddSeconds(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), requests[1].Header("webhook-timestamp"));
        Assert.Empty(await harness.Runner.RunDueAsync());
    }

    [Fact]
    public async Task Deliver_500ThenSuccessWithShortTermRetry_DeliveredInOneAttempt()
    {
        await using var harness = WebhookHarness.Create(o =>
        {
            o.ShortTermRetries = 1;
            o.ShortTermDelay = TimeSpan.Zero;
        });
        _server.Script("flaky", n => n == 1 ? Results.StatusCode(503) : Results.Ok());
        await harness.AddEndpointAsync("ep-1", _server.Url("flaky"));

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, outcome.Kind);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(2, _server.On("flaky").Count);
    }

    [Fact]
    public async Task Deliver_429WithLongRetryAfter_NextAttemptAtRetryAfterNotTheSchedule()
    {
        await using var harness = WebhookHarness.Create(o => o.ShortTermRetries = 2);
        _server.Script("busy", (_, n) =>
        {
            if (n == 1)
            {
                return Task.FromResult<IResult>(new RetryAfterResult(429, "120"));
            }

            return Task.FromResult(Results.NoContent());
        });
        await harness.AddEndpointAsync("ep-1", _server.Url("busy"));

        var first = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, first.Kind);
        Assert.Equal(429, first.StatusCode);
        Assert.Equal(WebhookHarness.Start.AddSeconds(120), first.RetryAt); // longer than 10 s: not waited for short-term
        Assert.Single(_server.On("busy"));
        harness.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Empty(await harness.Runner.RunDueAsync());

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, Assert.Single(await harness.Runner.RunDueAsync()).Kind);
    }

    [Fact]
    public async Task Deliver_429WithRetryAfterZero_RetriedShortTerm()
    {
        await using var harness = WebhookHarness.Create(o => o.ShortTermRetries = 1);
        _server.Script("busy", (_, n) => Task.FromResult(n == 1 ? new RetryAfterResult(429, "0") : Results.NoContent()));
        await harness.AddEndpointAsync("ep-1", _server.Url("busy"));

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, outcome.Kind);
        Assert.Equal(2, _server.On("busy").Count);
    }

    [Fact]
    public async Task Deliver_410Gone_EndpointDisabledOnceObserverToldAndNothingMoreSent()
    {
        await using var harness = WebhookHarness.Create();
        _server.Script("gone", _ => Results.StatusCode(410));
        await harness.AddEndpointAsync("ep-gone", _server.Url("gone"));

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.EndpointGone, outcome.Kind);
        Assert.Equal(410, outcome.StatusCode);
        var endpoint = await harness.Registry.FindAsync("ep-gone");
        Assert.False(endpoint!.Enabled);
        Assert.Contains("410", endpoint.DisabledReason, StringComparison.Ordinal);
        Assert.Equal("ep-gone", Assert.Single(harness.Observer.Disabled).Id);
        Assert.Empty(await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-2")));
        harness.Time.Advance(TimeSpan.FromDays(4));
        Assert.Empty(await harness.Runner.RunDueAsync());
        Assert.Single(_server.On("gone"));
    }

    [Fact]
    public async Task Deliver_ReceiverNeverAnswers_TimesOutOnTheFakeClockAndRetries()
    {
        await using var harness = WebhookHarness.Create();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Script("slow", async (request, n) =>
        {
            if (n > 1)
            {
                return Results.NoContent();
            }

            arrived.TrySetResult();
            // Hold the answer until the sender gives up and drops the connection.
            await Task.Delay(TimeSpan.FromSeconds(30), request.Aborted).ContinueWith(static _ => { }, TaskScheduler.Default);
            return Results.NoContent();
        });
        await harness.AddEndpointAsync("ep-1", _server.Url("slow"));

        var delivering = harness.Notifier.DeliverAsync(WebhookHarness.Event()).AsTask();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a hang guard, not an assertion
        Assert.False(delivering.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(delivering.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1)); // the 15 s default request timeout
        var outcome = Assert.Single(await delivering.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, outcome.Kind);
        Assert.Equal("timeout", outcome.Error);
        Assert.Null(outcome.StatusCode);
        Assert.Equal(WebhookHarness.Start.AddSeconds(15 + 5), outcome.RetryAt);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, Assert.Single(await harness.Runner.RunDueAsync()).Kind);
    }

    [Fact]
    public async Task Deliver_ReplayOfTheSameEvent_OneDeliveryOneRequest()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", _server.Url("ok"));
        var paymentEvent = WebhookHarness.Event();

        var first = Assert.Single(await harness.Notifier.DeliverAsync(paymentEvent));
        var replay = Assert.Single(await harness.Notifier.DeliverAsync(paymentEvent));
        await harness.Notifier.NotifyAsync(paymentEvent);

        Assert.Equal(first.DeliveryId, replay.DeliveryId);
        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, replay.Kind);
        Assert.Single(harness.Store.Snapshot());
        Assert.Single(_server.On("ok"));
    }

    [Fact]
    public async Task Deliver_ReplayWhileARetryIsPending_NoExtraRequestAndEveryRequestCarriesOneId()
    {
        await using var harness = WebhookHarness.Create();
        _server.Script("flaky", n => n == 1 ? Results.StatusCode(502) : Results.NoContent());
        await harness.AddEndpointAsync("ep-1", _server.Url("flaky"));
        var paymentEvent = WebhookHarness.Event();

        var first = Assert.Single(await harness.Notifier.DeliverAsync(paymentEvent));
        var replay = Assert.Single(await harness.Notifier.DeliverAsync(paymentEvent));
        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, replay.Kind);
        Assert.Equal(first.RetryAt, replay.RetryAt);
        Assert.Single(_server.On("flaky"));
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await harness.Runner.RunDueAsync();

        var ids = _server.On("flaky").Select(r => r.Header("webhook-id")).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.Single(ids.Distinct());
        Assert.Single(harness.Store.Snapshot());
    }

    [Fact]
    public async Task Deliver_SequencePerEndpointAndTransaction_CountsFromOne()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", _server.Url("ok"));

        await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-1", 1, TransactionStatus.Received, TransactionStatus.Authorized));
        await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-2", 1, TransactionStatus.Received, TransactionStatus.Authorized));
        await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-1", 2, TransactionStatus.Authorized, TransactionStatus.Captured));
        await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-1", 3, TransactionStatus.Captured, TransactionStatus.Refunded));

        var sequences = _server.On("ok")
            .Select(r => (Transaction: JsonSerializer.Deserialize(r.Body, WebhookJsonContext.Default.PaymentWebhookPayload)!.Data.TransactionId, Header: r.Header("webhook-sequence"), Body: JsonSerializer.Deserialize(r.Body, WebhookJsonContext.Default.PaymentWebhookPayload)!.Sequence))
            .ToArray();
        var order1 = TransactionId.For("merchant-1", "order-1").ToString();
        Assert.Equal(["1", "2", "3"], sequences.Where(s => s.Transaction == order1).Select(s => s.Header));
        Assert.Equal([1L, 2L, 3L], sequences.Where(s => s.Transaction == order1).Select(s => s.Body));
        Assert.Equal(["1"], sequences.Where(s => s.Transaction != order1).Select(s => s.Header));
    }

    [Fact]
    public async Task Deliver_EndpointWantsOnlyCaptured_AuthorizedNotSent()
    {
        await using var harness = WebhookHarness.Create();
        await harness.Registry.AddOrUpdateAsync(new WebhookEndpoint("ep-1", "merchant-1", _server.Url("ok"), [WebhookSecret.Generate()])
        {
            EventTypes = new HashSet<string> { WebhookEventTypes.Captured },
        });

        Assert.Empty(await harness.Notifier.DeliverAsync(WebhookHarness.Event(to: TransactionStatus.Authorized)));
        Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event(version: 2, from: TransactionStatus.Authorized, to: TransactionStatus.Captured)));

        Assert.Equal("payment.captured", JsonSerializer.Deserialize(Assert.Single(_server.On("ok")).Body, WebhookJsonContext.Default.PaymentWebhookPayload)!.Type);
    }

    [Fact]
    public async Task Deliver_OtherMerchantsEndpoint_NotSent()
    {
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", _server.Url("ok"));

        Assert.Empty(await harness.Notifier.DeliverAsync(WebhookHarness.Event(merchantId: "merchant-2")));
        Assert.Empty(_server.On("ok"));
    }

    [Fact]
    public async Task Deliver_StripeSignatureAsked_HeaderIsHexHmacOfTimestampDotBody()
    {
        await using var harness = WebhookHarness.Create();
        var secret = WebhookSecret.Generate();
        await harness.Registry.AddOrUpdateAsync(new WebhookEndpoint("ep-1", "merchant-1", _server.Url("ok"), [secret]) { SendStripeSignature = true });

        await harness.Notifier.DeliverAsync(WebhookHarness.Event());

        var request = Assert.Single(_server.On("ok"));
        var ts = WebhookHarness.Start.ToUnixTimeSeconds();
        var key = System.Text.Encoding.UTF8.GetBytes(secret.Reveal());
        var content = System.Text.Encoding.UTF8.GetBytes(ts.ToString(CultureInfo.InvariantCulture) + ".").Concat(request.Body).ToArray();
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, content));
        Assert.Equal($"t={ts},v1={hex}", request.Header("stripe-signature"));
    }

    [Fact]
    public async Task Deliver_RedirectAnswer_IsAFailureAndNotFollowed()
    {
        await using var harness = WebhookHarness.Create();
        _server.Script("moved", _ => Results.Redirect(_server.Url("ok").ToString()));
        await harness.AddEndpointAsync("ep-1", _server.Url("moved"));

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, outcome.Kind);
        Assert.Equal(302, outcome.StatusCode);
        Assert.Empty(_server.On("ok"));
    }

    [Fact]
    public async Task Deliver_ScheduleRunsOut_DeadLetteredListedAndRedrivenWithTheSameId()
    {
        await using var harness = WebhookHarness.Create(o => o.RetrySchedule = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);
        var down = true;
        _server.Script("down", _ => down ? Results.StatusCode(500) : Results.NoContent());
        await harness.AddEndpointAsync("ep-1", _server.Url("down"));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event())).Kind);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, Assert.Single(await harness.Runner.RunDueAsync()).Kind);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var last = Assert.Single(await harness.Runner.RunDueAsync());

        Assert.Equal(WebhookDeliveryOutcomeKind.DeadLettered, last.Kind);
        Assert.Equal(3, last.Attempts);
        var letter = Assert.Single(await harness.DeadLetters.ListAsync());
        Assert.Equal(last.DeliveryId, letter.Id);
        Assert.Equal(500, letter.LastStatusCode);
        Assert.Equal(letter.Id, Assert.Single(harness.Observer.DeadLetters).Id);
        Assert.Empty(await harness.DeadLetters.ListAsync("merchant-2"));
        harness.Time.Advance(TimeSpan.FromDays(4));
        Assert.Empty(await harness.Runner.RunDueAsync());

        down = false;
        var redriven = await harness.DeadLetters.RedriveAsync(letter.Id);

        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, redriven.Kind);
        Assert.Equal(1, redriven.Attempts);
        Assert.Empty(await harness.DeadLetters.ListAsync());
        Assert.Single(_server.On("down").Select(r => r.Header("webhook-id")).Distinct());
        Assert.Equal(4, _server.On("down").Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.DeadLetters.RedriveAsync(letter.Id).AsTask());
    }

    [Fact]
    public async Task Deliver_LoopbackNotAllowed_RefusedBeforeAnyRequestAndDeadLettered()
    {
        await using var harness = WebhookHarness.Create(o => o.AllowLoopback = false);
        await harness.AddEndpointAsync("ep-ip", _server.Url("ok"));
        await harness.AddEndpointAsync("ep-name", new Uri($"http://localhost:{_server.BaseAddress.Port}/hooks/ok"));

        var outcomes = await harness.Notifier.DeliverAsync(WebhookHarness.Event());

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o =>
        {
            Assert.Equal(WebhookDeliveryOutcomeKind.DeadLettered, o.Kind);
            Assert.Equal("address_refused", o.Error);
        });
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Deliver_PlainHttpNotAllowed_RefusedBeforeAnyRequest()
    {
        await using var harness = WebhookHarness.Create(o => o.AllowHttp = false);
        await harness.AddEndpointAsync("ep-1", _server.Url("ok"));

        var outcome = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.DeadLettered, outcome.Kind);
        Assert.Equal("https_required", outcome.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Deliver_EndpointRemovedBeforeRetry_EndpointGone()
    {
        await using var harness = WebhookHarness.Create();
        _server.Script("down", _ => Results.StatusCode(500));
        await harness.AddEndpointAsync("ep-1", _server.Url("down"));
        await harness.Notifier.DeliverAsync(WebhookHarness.Event());

        await harness.Registry.RemoveAsync("ep-1");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var outcome = Assert.Single(await harness.Runner.RunDueAsync());

        Assert.Equal(WebhookDeliveryOutcomeKind.EndpointGone, outcome.Kind);
        Assert.Equal("endpoint_removed", outcome.Error);
        Assert.Single(_server.On("down"));
    }

    /// <summary>Answers a status with a Retry-After header.</summary>
    private sealed class RetryAfterResult(int status, string retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.RetryAfter = retryAfter;
            return Task.CompletedTask;
        }
    }
}
