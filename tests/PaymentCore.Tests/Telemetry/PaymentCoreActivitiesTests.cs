using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Telemetry;

namespace PaymentCore.Tests.Telemetry;

public sealed class PaymentCoreActivitiesTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly Activity _root;
    private readonly FakeTimeProvider _time = new(TelemetryHarness.Start);

    public PaymentCoreActivitiesTests()
    {
        // Only this test's trace: the source is process-wide and other tests run in parallel.
        _root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = _root.TraceId;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PaymentCoreTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == trace)
                {
                    _stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _root.Stop();
    }

    [Fact]
    public async Task Process_SpansTheOperation_EachAuthorizerCall_AndEachStoreWrite()
    {
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), timeProvider: _time);

        var result = await processor.ProcessAsync(TelemetryHarness.Request("order-1"));

        var process = Assert.Single(_stopped, a => a.OperationName == "paymentcore.process");
        Assert.Equal(_root.SpanId, process.ParentSpanId);
        Assert.Equal("approved", process.GetTagItem("paymentcore.outcome"));
        Assert.Equal(result.Transaction.Id.ToString(), process.GetTagItem("paymentcore.transaction.id"));
        var children = _stopped.Where(a => a.ParentSpanId == process.SpanId).Select(a => a.OperationName).ToList();
        Assert.Equal(1, children.Count(n => n == "paymentcore.authorizer.authorize"));
        Assert.Equal(1, children.Count(n => n == "paymentcore.authorizer.capture"));
        Assert.True(children.Count(n => n == "paymentcore.store.write") >= 3); // create, authorized + capture intent, captured
        var authorize = _stopped.Single(a => a.OperationName == "paymentcore.authorizer.authorize");
        Assert.Equal(ActivityKind.Client, authorize.Kind);
        Assert.Equal(new InMemoryAuthorizer().Name, authorize.GetTagItem("paymentcore.authorizer"));
    }

    [Fact]
    public async Task CaptureVoidRefund_EachHasItsSpan()
    {
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), timeProvider: _time);
        var a = await processor.ProcessAsync(TelemetryHarness.Request("order-1", mode: CaptureMode.Manual));
        var b = await processor.ProcessAsync(TelemetryHarness.Request("order-2", mode: CaptureMode.Manual));

        await processor.CaptureAsync("coffee-shop", a.Transaction.Id);
        await processor.RefundAsync("coffee-shop", a.Transaction.Id, a.Transaction.Amount, "refund-1");
        await processor.VoidAsync("coffee-shop", b.Transaction.Id);

        var names = _stopped.Select(x => x.OperationName).ToList();
        Assert.Equal(2, names.Count(n => n == "paymentcore.process"));
        Assert.Single(names, n => n == "paymentcore.capture");
        Assert.Single(names, n => n == "paymentcore.refund");
        Assert.Single(names, n => n == "paymentcore.void");
        Assert.Contains("paymentcore.authorizer.refund", names);
        Assert.Contains("paymentcore.authorizer.void", names);
    }

    [Fact]
    public async Task Events_CarryTheTraceParent_AndTheirDeliveryContinuesTheTrace()
    {
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: _time);
        await processor.ProcessAsync(TelemetryHarness.Request("order-1"));
        var process = _stopped.Single(a => a.OperationName == "paymentcore.process");
        var notifier = new InMemoryNotifier();

        // Delivered later, outside any span: the event's traceparent is what links it back.
        Task delivery;
        using (ExecutionContext.SuppressFlow())
        {
            delivery = Task.Run(async () =>
            {
                Assert.Null(Activity.Current);
                await new OutboxDispatcher(store, [notifier], timeProvider: _time).DispatchAsync();
            });
        }

        await delivery;

        Assert.NotEmpty(notifier.Deliveries);
        Assert.All(notifier.Deliveries, e => Assert.Equal(process.Id, e.TraceParent));
        var deliveries = _stopped.Where(a => a.OperationName == "paymentcore.event.deliver").ToList();
        Assert.Equal(notifier.Deliveries.Count, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(process.SpanId, d.ParentSpanId));
        Assert.All(deliveries, d => Assert.Equal(ActivityKind.Producer, d.Kind));
    }
}
