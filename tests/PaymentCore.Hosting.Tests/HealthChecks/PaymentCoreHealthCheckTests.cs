using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Hosting.HealthChecks;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Processing;
using PaymentCore.Storage;

namespace PaymentCore.Hosting.Tests.HealthChecks;

public sealed class PaymentCoreHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(HostHarness.Start);

    [Fact]
    public async Task EmptyStore_EveryCheckHealthy()
    {
        var report = await CheckAsync(new InMemoryTransactionStore());

        Assert.Equal(["paymentcore.dead_letters", "paymentcore.outbox", "paymentcore.recovery", "paymentcore.store"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, e => Assert.Equal(HealthStatus.Healthy, e.Status));
        Assert.All(report.Entries.Values, e => Assert.Contains("paymentcore", e.Tags));
    }

    [Fact]
    public async Task Store_Unreachable_Unhealthy_NamingOnlyTheExceptionType()
    {
        var store = new FlakyStore(new InMemoryTransactionStore()) { FailReads = 100 };

        var entry = (await CheckAsync(store)).Entries["paymentcore.store"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("The transaction store did not answer (TransactionStoreException).", entry.Description);
    }

    [Theory]
    [InlineData(0, HealthStatus.Healthy)]
    [InlineData(299, HealthStatus.Healthy)]
    [InlineData(300, HealthStatus.Degraded)]
    [InlineData(3599, HealthStatus.Degraded)]
    [InlineData(3600, HealthStatus.Unhealthy)]
    public async Task Outbox_ByTheAgeOfItsOldestEvent(int ageSeconds, HealthStatus expected)
    {
        var store = new InMemoryTransactionStore();
        var pending = await HostHarness.PayAsync(store, _time, 2);
        _time.Advance(TimeSpan.FromSeconds(ageSeconds));

        var entry = (await CheckAsync(store)).Entries["paymentcore.outbox"];

        Assert.Equal(expected, entry.Status);
        Assert.Equal(pending, entry.Data["pending"]);
        Assert.Equal((long)ageSeconds, entry.Data["oldest_age_seconds"]);
    }

    [Theory]
    [InlineData(0, HealthStatus.Healthy)]
    [InlineData(1, HealthStatus.Degraded)]
    [InlineData(2, HealthStatus.Unhealthy)]
    public async Task DeadLetters_ByTheirCount(int payments, HealthStatus expected)
    {
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: _time);
        for (var i = 0; i < payments; i++)
        {
            // A declined payment writes two events: received, declined.
            await processor.ProcessAsync(HostHarness.Request($"order-{i}") with { Payer = TestInstruments.Stolen });
        }

        var deadLetters = (await store.GetOutboxBacklogAsync()).Pending;
        var dispatcher = new OutboxDispatcher(store, [new FailingNotifier()], Options.Create(new OutboxOptions { MaxAttempts = 1 }), _time);
        await dispatcher.DispatchAsync();

        var entry = (await CheckAsync(store, o => o.DeadLettersUnhealthy = 4)).Entries["paymentcore.dead_letters"];

        Assert.Equal(2 * payments, deadLetters);
        Assert.Equal(expected, entry.Status);
        Assert.Equal(deadLetters, entry.Data["dead_letters"]);
    }

    [Theory]
    [InlineData(0, HealthStatus.Healthy)]
    [InlineData(14, HealthStatus.Healthy)]
    [InlineData(15, HealthStatus.Degraded)]
    [InlineData(119, HealthStatus.Degraded)]
    [InlineData(120, HealthStatus.Unhealthy)]
    public async Task Recovery_ByHowLongARecordHasBeenDue(int minutesPastDue, HealthStatus expected)
    {
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new SilentAuthorizer(), store, timeProvider: _time);
        var result = await processor.ProcessAsync(HostHarness.Request("order-unknown"));
        Assert.Equal(PaymentOutcome.Pending, result.Outcome);
        var dueAt = (await store.GetAsync(result.Transaction.Id))!.DueAt!.Value;
        _time.AdjustTime(dueAt + TimeSpan.FromMinutes(minutesPastDue));

        var entry = (await CheckAsync(store)).Entries["paymentcore.recovery"];

        Assert.Equal(expected, entry.Status);
    }

    [Fact]
    public async Task Start_RefusesThresholdsOutOfOrder_NamingTheSetting()
    {
        var services = Services(new InMemoryTransactionStore(), o => o.OutboxUnhealthyAge = TimeSpan.FromSeconds(10));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PaymentCoreHealthCheckOptions>>().Value);

        Assert.Contains("PaymentCore:Hosting:HealthChecks:OutboxUnhealthyAge must be between OutboxDegradedAge (00:05:00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPaymentCore_Twice_AddsEachCheckOnce()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddPaymentCore().AddPaymentCore(o => o.DeadLettersDegraded = 5);
        using var provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal(4, registrations.Count);
        Assert.Equal(5, provider.GetRequiredService<IOptions<PaymentCoreHealthCheckOptions>>().Value.DeadLettersDegraded);
    }

    private ServiceCollection Services(ITransactionStore store, Action<PaymentCoreHealthCheckOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(store);
        services.AddHealthChecks().AddPaymentCore(configure);
        return services;
    }

    private async Task<HealthReport> CheckAsync(ITransactionStore store, Action<PaymentCoreHealthCheckOptions>? configure = null)
    {
        await using var provider = Services(store, configure).BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    private sealed class FailingNotifier : INotifier
    {
        public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The receiver is down (test).");
    }
}
