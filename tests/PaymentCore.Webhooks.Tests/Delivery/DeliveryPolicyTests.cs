using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaymentCore.Transactions;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Signing;
using PaymentCore.Webhooks.Tests.Support;

namespace PaymentCore.Webhooks.Tests.Delivery;

public sealed class DeliveryPolicyTests
{
    private static readonly DateTimeOffset Now = WebhookHarness.Start;

    private static WebhookDelivery Attempted(int attempts) => new()
    {
        Id = new WebhookDeliveryId(Guid.NewGuid(), "ep"),
        MessageId = "evt_1",
        MerchantId = "m",
        TransactionId = TransactionId.For("m", "k"),
        EventType = "payment.captured",
        Sequence = 1,
        Body = "{}",
        CreatedAt = Now,
        Attempts = attempts,
        Revision = 2,
    };

    public static TheoryData<string, int, string, int?, int?, WebhookDeliveryStatus, int?> Table => new()
    {
        // name, attempts so far (after this one), result, status, Retry-After s, expected status, expected delay s
        { "2xx", 1, "Delivered", 200, null, WebhookDeliveryStatus.Delivered, null },
        { "410", 1, "Gone", 410, null, WebhookDeliveryStatus.EndpointGone, null },
        { "refused address", 1, "Refused", null, null, WebhookDeliveryStatus.DeadLettered, null },
        { "first 500", 1, "Failed", 500, null, WebhookDeliveryStatus.Pending, 5 },
        { "second 500", 2, "Failed", 500, null, WebhookDeliveryStatus.Pending, 300 },
        { "429 longer Retry-After", 1, "Failed", 429, 60, WebhookDeliveryStatus.Pending, 60 },
        { "503 shorter Retry-After", 3, "Failed", 503, 60, WebhookDeliveryStatus.Pending, 1800 },
        { "12th failure, last delay", 12, "Failed", 500, null, WebhookDeliveryStatus.Pending, 36000 },
        { "13th failure", 13, "Failed", 500, null, WebhookDeliveryStatus.DeadLettered, null },
        { "timeout", 1, "Failed", null, null, WebhookDeliveryStatus.Pending, 5 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Decide_Table(string name, int attempts, string kind, int? status, int? retryAfter, WebhookDeliveryStatus expected, int? delaySeconds)
    {
        await using var harness = WebhookHarness.Create();
        var engine = harness.Provider.GetRequiredService<WebhookDeliveryEngine>();

        var next = engine.Decide(Attempted(attempts), new WebhookAttemptResult(Enum.Parse<WebhookAttemptKind>(kind), status, retryAfter is { } s ? TimeSpan.FromSeconds(s) : null, null), Now);

        Assert.True(expected == next.Status, name);
        Assert.Equal(delaySeconds is { } d ? Now.AddSeconds(d) : null, next.NextAttemptAt);
    }

    [Fact]
    public async Task RunDue_TwoRunnersAtOnce_EachDueDeliverySentOnce()
    {
        await using var server = await ReceiverServer.StartAsync();
        server.Script("flaky", (r, _) => Task.FromResult(server.On("flaky").Count(x => x.Header("webhook-id") == r.Header("webhook-id")) == 1 ? Results.StatusCode(500) : Results.NoContent()));
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-1", server.Url("flaky"));
        for (var i = 0; i < 20; i++)
        {
            await harness.Notifier.NotifyAsync(WebhookHarness.Event($"order-{i}"));
        }

        harness.Time.Advance(TimeSpan.FromSeconds(6));
        var runs = await Task.WhenAll(harness.Runner.RunDueAsync().AsTask(), harness.Runner.RunDueAsync().AsTask());

        Assert.Equal(20, runs.Sum(r => r.Count));
        Assert.All(runs.SelectMany(r => r), o => Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, o.Kind));
        Assert.Equal(40, server.On("flaky").Count);
    }

    [Fact]
    public async Task Notify_SendOnNotifyOff_RecordsOnlyAndTheRunnerSends()
    {
        await using var server = await ReceiverServer.StartAsync();
        await using var harness = WebhookHarness.Create(o => o.SendOnNotify = false);
        await harness.AddEndpointAsync("ep-1", server.Url("ok"));

        var recorded = Assert.Single(await harness.Notifier.DeliverAsync(WebhookHarness.Event()));

        Assert.Equal(WebhookDeliveryOutcomeKind.RetryScheduled, recorded.Kind);
        Assert.Equal(Now, recorded.RetryAt);
        Assert.Equal(0, recorded.Attempts);
        Assert.Empty(server.Requests);
        Assert.Equal(WebhookDeliveryOutcomeKind.Delivered, Assert.Single(await harness.Runner.RunDueAsync()).Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task PruneFinished_ForgetsFinishedOnlyAndSequencesCountOn()
    {
        await using var server = await ReceiverServer.StartAsync();
        server.Script("down", _ => Results.StatusCode(500));
        await using var harness = WebhookHarness.Create();
        await harness.AddEndpointAsync("ep-ok", server.Url("ok"));
        await harness.AddEndpointAsync("ep-down", server.Url("down"));
        await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-1", 1));
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, harness.Store.PruneFinished(harness.Time.GetUtcNow()));

        Assert.Equal("ep-down", Assert.Single(harness.Store.Snapshot()).Id.EndpointId);
        await harness.Notifier.DeliverAsync(WebhookHarness.Event("order-1", 2, TransactionStatus.Authorized, TransactionStatus.Captured));
        Assert.Equal(["1", "2"], server.On("ok").Select(r => r.Header("webhook-sequence")));
    }

    [Fact]
    public async Task Logs_OfEveryOutcome_CarryNoSecretSignatureOrBody()
    {
        await using var server = await ReceiverServer.StartAsync();
        server.Script("down", _ => Results.StatusCode(503));
        server.Script("gone", _ => Results.StatusCode(410));
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var secret = WebhookSecret.Generate();
        await using var harness = WebhookHarness.Create(o => o.RetrySchedule = [TimeSpan.FromSeconds(1)], configureServices: s =>
            s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(lines))));
        await harness.AddEndpointAsync("ep-ok", server.Url("ok"), secret);
        await harness.AddEndpointAsync("ep-down", server.Url("down"), secret);
        await harness.AddEndpointAsync("ep-gone", server.Url("gone"), secret);

        await harness.Notifier.DeliverAsync(WebhookHarness.Event());
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await harness.Runner.RunDueAsync();

        var all = string.Join("\n", lines);
        Assert.Contains("dead-lettered", all, StringComparison.Ordinal);
        Assert.Contains("disabled", all, StringComparison.Ordinal);
        Assert.Contains("delivered", all, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Reveal()["whsec_".Length..], all, StringComparison.Ordinal);
        Assert.DoesNotContain("v1,", all, StringComparison.Ordinal);
        Assert.DoesNotContain("minorUnits", all, StringComparison.Ordinal);
        foreach (var request in server.Requests)
        {
            Assert.DoesNotContain(request.Header("webhook-signature")!, all, StringComparison.Ordinal);
        }
    }

    private sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {eventId.Id} {formatter(state, exception)} {exception}");
        }
    }
}
