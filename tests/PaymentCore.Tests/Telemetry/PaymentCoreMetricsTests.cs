using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Telemetry;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing.Time;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Telemetry;

public sealed class PaymentCoreMetricsTests : IDisposable
{
    private static readonly HashSet<string> AllowedTagKeys = new(StringComparer.Ordinal)
    {
        "paymentcore.operation", "paymentcore.outcome", "paymentcore.currency", "paymentcore.authorizer",
        "paymentcore.reason", "paymentcore.status", "paymentcore.state", "error.type",
    };

    private readonly TelemetryHarness _harness = new();
    private readonly FakeTimeProvider _time = new(TelemetryHarness.Start);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Instruments_AreNamedAndMeasuredAsDocumented()
    {
        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope == _harness.MeterFactory)
                {
                    instruments.Add(instrument);
                }
            },
        };
        _ = new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), timeProvider: _time, meterFactory: _harness.MeterFactory);
        listener.Start();
        await Task.CompletedTask;

        Assert.All(instruments, i => Assert.Equal(PaymentCoreTelemetry.MeterName, i.Meter.Name));
        Assert.Equal(
            [
                ("paymentcore.authorizer.duration", "s", "Histogram`1"),
                ("paymentcore.authorizer.retries", "{retry}", "Counter`1"),
                ("paymentcore.batch.items", "{item}", "Counter`1"),
                ("paymentcore.outbox.backlog", "{event}", "ObservableGauge`1"),
                ("paymentcore.outbox.dead_letters", "{event}", "Counter`1"),
                ("paymentcore.payment.duration", "s", "Histogram`1"),
                ("paymentcore.payments", "{operation}", "Counter`1"),
                ("paymentcore.recovery.resolved", "{record}", "Counter`1"),
                ("paymentcore.recovery.unresolved", "{record}", "Counter`1"),
            ],
            instruments.Select(i => (i.Name, i.Unit, i.GetType().Name)).Order());
    }

    [Fact]
    public async Task Process_CountsAndTimesThePayment_ByOperationOutcomeAndCurrency()
    {
        using var payments = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.payments");
        using var duration = new MetricCollector<double>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.payment.duration");
        var processor = new PaymentProcessor([], new TelemetryHarness.SlowAuthorizer(_time, TimeSpan.FromMilliseconds(250)), new InMemoryTransactionStore(), timeProvider: _time, meterFactory: _harness.MeterFactory);

        await processor.ProcessAsync(TelemetryHarness.Request("order-1"));
        await processor.ProcessAsync(TelemetryHarness.Request("order-2", TestInstruments.InsufficientFunds, Currency.EUR));

        var counted = payments.GetMeasurementSnapshot();
        Assert.Equal(2, counted.Count);
        Assert.All(counted, m => Assert.Equal(1, m.Value));
        Assert.Equal(new Dictionary<string, object?> { ["paymentcore.operation"] = "process", ["paymentcore.outcome"] = "approved", ["paymentcore.currency"] = "USD" }, counted[0].Tags);
        Assert.Equal(new Dictionary<string, object?> { ["paymentcore.operation"] = "process", ["paymentcore.outcome"] = "declined", ["paymentcore.currency"] = "EUR" }, counted[1].Tags);

        var timed = duration.GetMeasurementSnapshot();
        Assert.Equal("s", duration.Instrument!.Unit);
        Assert.Equal([0.5, 0.25], timed.Select(m => m.Value)); // authorize + capture; a decline stops after authorize
        Assert.Equal(new Dictionary<string, object?> { ["paymentcore.operation"] = "process", ["paymentcore.outcome"] = "approved" }, timed[0].Tags);
    }

    [Fact]
    public async Task CaptureVoidRefund_EachCountedUnderItsOperation()
    {
        using var payments = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.payments");
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), timeProvider: _time, meterFactory: _harness.MeterFactory);
        var captured = await processor.ProcessAsync(TelemetryHarness.Request("order-1", mode: CaptureMode.Manual));
        var voided = await processor.ProcessAsync(TelemetryHarness.Request("order-2", mode: CaptureMode.Manual));

        await processor.CaptureAsync("coffee-shop", captured.Transaction.Id);
        await processor.RefundAsync("coffee-shop", captured.Transaction.Id, Money.FromMajor(1m, Currency.USD), "refund-1");
        await processor.VoidAsync("coffee-shop", voided.Transaction.Id);
        await Assert.ThrowsAsync<TransactionNotFoundException>(async () => await processor.CaptureAsync("coffee-shop", TransactionId.Parse("txn_00000000000000000000000000000000")));

        Assert.Equal(
            ["process:approved", "process:approved", "capture:approved", "refund:approved", "void:approved", "capture:error"],
            payments.GetMeasurementSnapshot().Select(m => m.Tags["paymentcore.operation"] + ":" + m.Tags["paymentcore.outcome"]));
        var error = payments.LastMeasurement!;
        Assert.Equal("TransactionNotFoundException", error.Tags["error.type"]);
        Assert.False(error.Tags.ContainsKey("paymentcore.currency")); // nothing was found to take it from
    }

    [Fact]
    public async Task Authorizer_EachCallTimedByAuthorizerOperationAndOutcome_RetriesCounted()
    {
        var time = new FastForwardTimeProvider(TelemetryHarness.Start);
        using var calls = new MetricCollector<double>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.authorizer.duration");
        using var retries = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.authorizer.retries");
        var authorizer = new ScriptedAuthorizer().Then(AuthorizerOperation.Authorize, ScriptStep.TransientFailure, ScriptStep.TransientFailure);
        var processor = new PaymentProcessor([], authorizer, new InMemoryTransactionStore(), timeProvider: time, meterFactory: _harness.MeterFactory);

        var result = await processor.ProcessAsync(TelemetryHarness.Request("order-1"));

        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(
            ["authorize:transient_failure", "authorize:transient_failure", "authorize:approved", "capture:approved"],
            calls.GetMeasurementSnapshot().Select(m => m.Tags["paymentcore.operation"] + ":" + m.Tags["paymentcore.outcome"]));
        Assert.All(calls.GetMeasurementSnapshot(), m => Assert.Equal(authorizer.Name, m.Tags["paymentcore.authorizer"]));
        var counted = retries.GetMeasurementSnapshot();
        Assert.Equal(2, counted.Count);
        Assert.All(counted, m => Assert.Equal(new Dictionary<string, object?> { ["paymentcore.authorizer"] = authorizer.Name, ["paymentcore.operation"] = "authorize" }, m.Tags));
    }

    [Fact]
    public async Task Outbox_DeadLettersCounted_BacklogObserved()
    {
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: _time, meterFactory: _harness.MeterFactory);
        await processor.ProcessAsync(TelemetryHarness.Request("order-1", TestInstruments.Stolen)); // received, declined: two events
        using var deadLetters = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.outbox.dead_letters");
        using var backlog = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.outbox.backlog");
        var dispatcher = new OutboxDispatcher(store, [new ThrowingNotifier()], Options.Create(new OutboxOptions { MaxAttempts = 1 }), _time, meterFactory: _harness.MeterFactory);

        await dispatcher.DispatchAsync();
        backlog.RecordObservableInstruments();

        Assert.Equal(2, deadLetters.GetMeasurementSnapshot().Sum(m => m.Value));
        var observed = backlog.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["paymentcore.state"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["pending"] = 0, ["dead_lettered"] = 2 }, observed);
    }

    [Fact]
    public async Task Recovery_ResolvedByOutcome_UnresolvedByBoundedReason()
    {
        var store = new InMemoryTransactionStore();
        var silent = new PaymentProcessor([], new TelemetryHarness.SilentAuthorizer(), store, timeProvider: _time, meterFactory: _harness.MeterFactory);
        var lost = new PaymentProcessor([], new ScriptedAuthorizer().Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing), new InMemoryTransactionStore(), timeProvider: _time, meterFactory: _harness.MeterFactory);
        await silent.ProcessAsync(TelemetryHarness.Request("order-silent"));
        await lost.ProcessAsync(TelemetryHarness.Request("order-lost"));
        _time.Advance(TimeSpan.FromHours(1));
        using var resolved = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.recovery.resolved");
        using var unresolved = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.recovery.unresolved");

        var stuck = await silent.RecoverAsync();
        var settled = await lost.RecoverAsync();

        Assert.Equal(
            stuck.UnresolvedReasons.ToDictionary(r => PaymentCoreMetrics.ReasonOf(r.Key), r => (long)r.Value),
            unresolved.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["paymentcore.reason"]!, m => m.Value));
        Assert.True(stuck.Unresolved > 0);
        var byOutcome = resolved.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["paymentcore.outcome"]!, m => m.Value);
        Assert.Equal(settled.Authorized + settled.Captured, byOutcome.Values.Sum());
        Assert.Equal(settled.Captured, byOutcome.GetValueOrDefault("captured"));
    }

    [Theory]
    [InlineData("capture_failed:card_expired_at_4242", "capture_failed")]
    [InlineData("authorization_outcome_unknown", "authorization_outcome_unknown")]
    [InlineData(":leading", "other")]
    public void ReasonOf_KeepsTheStablePrefixOnly(string reason, string expected) =>
        Assert.Equal(expected, PaymentCoreMetrics.ReasonOf(reason));

    [Fact]
    public async Task EveryTag_IsFromTheDocumentedSet_AndNoneCarriesAnAmountOrId()
    {
        var tags = new List<KeyValuePair<string, object?>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == _harness.MeterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, t, _) => { lock (tags) { tags.AddRange(t.ToArray()); } });
        listener.SetMeasurementEventCallback<double>((_, _, t, _) => { lock (tags) { tags.AddRange(t.ToArray()); } });
        listener.Start();
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: _time, meterFactory: _harness.MeterFactory);
        var paid = await processor.ProcessAsync(TelemetryHarness.Request("order-1"));
        await processor.RefundAsync("coffee-shop", paid.Transaction.Id, Money.FromMajor(2.5m, Currency.USD), "refund-1");
        await processor.ProcessAsync(TelemetryHarness.Request("order-2", TestInstruments.InsufficientFunds));
        await new OutboxDispatcher(store, [new InMemoryNotifier()], timeProvider: _time, meterFactory: _harness.MeterFactory).DispatchAsync();
        listener.RecordObservableInstruments();

        Assert.NotEmpty(tags);
        Assert.All(tags, t => Assert.Contains(t.Key, AllowedTagKeys));
        Assert.All(tags, t => Assert.DoesNotContain(t.Value?.ToString() ?? string.Empty, new[] { "10.05", "1005", "2.50", "250", paid.Transaction.Id.ToString(), "order-1", "coffee-shop" }));
    }

    private sealed class ThrowingNotifier : INotifier
    {
        public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("receiver down");
    }
}

public sealed class BatchItemMetricsTests : IDisposable
{
    private readonly TelemetryHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Batch_EachFinishedItemCountedByStatus()
    {
        var time = new FastForwardTimeProvider(TelemetryHarness.Start);
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), timeProvider: time, meterFactory: _harness.MeterFactory);
        var batches = new PaymentCore.Batch.BatchProcessor(processor, null, time);
        var items = PaymentCore.Tests.Batch.BatchFixture.Items(5, Currency.EUR);
        using var counted = new MetricCollector<long>(_harness.MeterFactory, PaymentCoreTelemetry.MeterName, "paymentcore.batch.items");

        var summary = await batches.ProcessBatchAsync(PaymentCore.Tests.Batch.BatchFixture.Header(items), new PaymentCore.Tests.Batch.ListSource(items));

        var measurements = counted.GetMeasurementSnapshot();
        Assert.Equal(summary.TotalItems, measurements.Count);
        Assert.All(measurements, m => Assert.Equal(new Dictionary<string, object?> { ["paymentcore.status"] = "succeeded" }, m.Tags));
    }
}
