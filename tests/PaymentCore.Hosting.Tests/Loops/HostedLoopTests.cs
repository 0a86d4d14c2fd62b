using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Hosting.Loops;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Processing;
using PaymentCore.Storage;

namespace PaymentCore.Hosting.Tests.Loops;

public sealed class HostedLoopTests
{
    private const string Outbox = OutboxDispatcherService.LoopName;
    private const string Recovery = RecoveryService.LoopName;

    [Theory]
    [InlineData(Outbox, "PaymentCore:Hosting:Outbox:Interval", "PaymentCore:Hosting:Recovery:Enabled")]
    [InlineData(Recovery, "PaymentCore:Hosting:Recovery:Interval", "PaymentCore:Hosting:Outbox:Enabled")]
    public async Task Loop_RunsAtTheBoundInterval(string loop, string intervalKey, string otherLoopKey)
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var probe = new LoopProbe(time);
        using var host = HostHarness.Build(time, new InMemoryTransactionStore(), probe, new Dictionary<string, string?>
        {
            [intervalKey] = "00:00:07",
            [otherLoopKey] = "false",
        });
        await host.StartAsync();

        for (var pass = 1; pass <= 3; pass++)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), await probe.NextWaitAsync(loop));
            time.Advance(TimeSpan.FromSeconds(7));
        }

        Assert.Equal(TimeSpan.FromSeconds(7), await probe.NextWaitAsync(loop));
        await host.StopAsync();
        var passes = probe.Passes(loop);
        Assert.Equal([HostHarness.Start, HostHarness.Start.AddSeconds(7), HostHarness.Start.AddSeconds(14), HostHarness.Start.AddSeconds(21)], passes.Select(p => p.At));
        Assert.All(passes, p => Assert.Null(p.Error));
    }

    [Fact]
    public async Task OutboxLoop_DeliversWhatPaymentsWrote_EachPass()
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var probe = new LoopProbe(time);
        var store = new InMemoryTransactionStore();
        var deliveries = new ConcurrentBag<(string Host, Guid EventId)>();
        using var host = HostHarness.Build(time, store, probe, new Dictionary<string, string?> { ["PaymentCore:Hosting:Recovery:Enabled"] = "false" }, new HostHarness.RecordingNotifier("a", deliveries));
        await host.StartAsync();
        await probe.NextWaitAsync(Outbox);

        var written = await HostHarness.PayAsync(store, time, 3);
        time.Advance(TimeSpan.FromSeconds(5)); // the default interval
        await probe.NextWaitAsync(Outbox);
        await host.StopAsync();

        Assert.True(written > 0);
        Assert.Equal(written, deliveries.Count);
        Assert.Equal(0, (await store.GetOutboxBacklogAsync()).Pending);
    }

    [Fact]
    public async Task Loop_StopsOnShutdown_WhileWaiting()
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var probe = new LoopProbe(time);
        using var host = HostHarness.Build(time, new InMemoryTransactionStore(), probe, new Dictionary<string, string?>());
        await host.StartAsync();
        await probe.NextWaitAsync(Outbox);
        await probe.NextWaitAsync(Recovery);

        await host.StopAsync();

        await probe.WhenStoppedAsync(Outbox);
        await probe.WhenStoppedAsync(Recovery);
        Assert.Single(probe.Passes(Outbox));
        Assert.Single(probe.Passes(Recovery));
    }

    [Fact]
    public async Task OutboxLoop_StopsOnShutdown_MidPass_KeepsWhatWasDeliveredAndLeavesTheRestInTheOutbox()
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var probe = new LoopProbe(time);
        var store = new InMemoryTransactionStore();
        var written = await HostHarness.PayAsync(store, time, 2);
        var notifier = new BlockingNotifier(deliverBeforeBlocking: 1);
        using var host = HostHarness.Build(time, store, probe, new Dictionary<string, string?> { ["PaymentCore:Hosting:Recovery:Enabled"] = "false" }, notifier);
        await host.StartAsync();
        await notifier.Blocked.Task.WaitAsync(TimeSpan.FromMinutes(1));

        await host.StopAsync(); // cancels the stopping token: the blocked delivery gives up, the loop ends

        await probe.WhenStoppedAsync(Outbox);
        var backlog = await store.GetOutboxBacklogAsync();
        Assert.Equal(written - 1, backlog.Pending); // the first was delivered and removed; the rest wait for the next instance
        Assert.Equal(0, backlog.DeadLettered);
    }

    [Fact]
    public async Task OutboxLoop_SurvivesAThrowingPass_BacksOffThenDelivers()
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var probe = new LoopProbe(time);
        var store = new FlakyStore(new InMemoryTransactionStore());
        var written = await HostHarness.PayAsync(store.Inner, time, 2);
        store.FailReads = 2;
        var logs = new FakeLogCollector();
        var deliveries = new ConcurrentBag<(string Host, Guid EventId)>();
        using var host = HostHarness.Build(time, store, probe, new Dictionary<string, string?>
        {
            ["PaymentCore:Hosting:Recovery:Enabled"] = "false",
            ["PaymentCore:Hosting:Outbox:Interval"] = "00:00:10",
            ["PaymentCore:Hosting:Outbox:ErrorBackoff"] = "00:00:03",
        }, new HostHarness.RecordingNotifier("a", deliveries), logs);
        await host.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(3), await probe.NextWaitAsync(Outbox)); // first failure
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(6), await probe.NextWaitAsync(Outbox)); // second, doubled
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(TimeSpan.FromSeconds(10), await probe.NextWaitAsync(Outbox)); // worked: back to the interval
        await host.StopAsync();

        var passes = probe.Passes(Outbox);
        Assert.IsType<TransactionStoreException>(passes[0].Error);
        Assert.IsType<TransactionStoreException>(passes[1].Error);
        Assert.Null(passes[2].Error);
        Assert.Equal(written, deliveries.Count);
        var failures = logs.GetSnapshot().Where(l => l.Id.Id == 5003).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, l => Assert.Contains("TransactionStoreException", l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoHostsOnOneStore_DeliverEachEventOnce()
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var store = new InMemoryTransactionStore();
        var written = await HostHarness.PayAsync(store, time, 300);
        var deliveries = new ConcurrentBag<(string Host, Guid EventId)>();
        var settings = new Dictionary<string, string?>
        {
            ["PaymentCore:Hosting:Recovery:Enabled"] = "false",
            ["PaymentCore:Hosting:Outbox:BatchSize"] = "7", // small claims, so the two hosts interleave
        };
        var probeA = new LoopProbe(time);
        var probeB = new LoopProbe(time);
        using var a = HostHarness.Build(time, store, probeA, settings, new HostHarness.RecordingNotifier("a", deliveries));
        using var b = HostHarness.Build(time, store, probeB, settings, new HostHarness.RecordingNotifier("b", deliveries));

        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await Task.WhenAll(probeA.NextWaitAsync(Outbox), probeB.NextWaitAsync(Outbox));
        await Task.WhenAll(a.StopAsync(), b.StopAsync());

        Assert.Equal(written, deliveries.Count);
        Assert.Equal(written, deliveries.Select(d => d.EventId).Distinct().Count());
        Assert.Equal(0, (await store.GetOutboxBacklogAsync()).Pending);
    }

    [Fact]
    public void Configuration_BindsIntervalsLeaseAndBatchSizes()
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        using var host = HostHarness.Build(time, new InMemoryTransactionStore(), new LoopProbe(time), new Dictionary<string, string?>
        {
            ["PaymentCore:Hosting:Outbox:Interval"] = "00:00:02",
            ["PaymentCore:Hosting:Outbox:Lease"] = "00:03:00",
            ["PaymentCore:Hosting:Outbox:BatchSize"] = "250",
            ["PaymentCore:Hosting:Recovery:Interval"] = "00:01:00",
            ["PaymentCore:Hosting:Recovery:BatchSize"] = "40",
        });

        Assert.Equal(TimeSpan.FromSeconds(2), host.Services.GetRequiredService<IOptions<OutboxLoopOptions>>().Value.Interval);
        Assert.Equal(TimeSpan.FromMinutes(3), host.Services.GetRequiredService<IOptions<OutboxOptions>>().Value.Lease);
        Assert.Equal(250, host.Services.GetRequiredService<IOptions<OutboxOptions>>().Value.BatchSize);
        Assert.Equal(TimeSpan.FromMinutes(1), host.Services.GetRequiredService<IOptions<RecoveryLoopOptions>>().Value.Interval);
        Assert.Equal(40, host.Services.GetRequiredService<IOptions<PaymentProcessorOptions>>().Value.RecoveryBatchSize);
    }

    [Theory]
    [InlineData("PaymentCore:Hosting:Outbox:Interval", "00:00:00", "PaymentCore:Hosting:Outbox:Interval must be between")]
    [InlineData("PaymentCore:Hosting:Recovery:MaxErrorBackoff", "00:00:01", "PaymentCore:Hosting:Recovery:MaxErrorBackoff must be between ErrorBackoff")]
    [InlineData("PaymentCore:Hosting:Recovery:BatchSize", "0", "PaymentCore:Hosting:Recovery:BatchSize must be between 1 and 10000; it is 0.")]
    [InlineData("PaymentCore:Hosting:Outbox:BatchSize", "0", "BatchSize")]
    public async Task Start_RefusesInvalidSettings_NamingTheSettingAndItsRange(string key, string value, string expected)
    {
        var time = new FakeTimeProvider(HostHarness.Start);
        var probe = new LoopProbe(time);
        using var host = HostHarness.Build(time, new InMemoryTransactionStore(), probe, new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(probe.Passes(Outbox)); // nothing ran
    }

    [Fact]
    public void AddHostedServices_Twice_RegistersEachLoopOnce()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore().AddHostedServices().AddHostedServices();

        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IHostedService)));
    }

    [Fact]
    public void Backoff_DoublesFromTheFirstWait_UpToTheCap()
    {
        var waits = Enumerable.Range(1, 8).Select(n => PassLoop.Backoff(n, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)).TotalSeconds);

        Assert.Equal([5, 10, 20, 40, 60, 60, 60, 60], waits);
    }

    /// <summary>Delivers a few events, then blocks until the host's stopping token cancels it.</summary>
    private sealed class BlockingNotifier(int deliverBeforeBlocking) : INotifier
    {
        private int _delivered;

        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _delivered) <= deliverBeforeBlocking)
            {
                return;
            }

            Blocked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
