using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Hosting.Loops;
using PaymentCore.Hosting.Tests.Loops;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Hosting.Tests;

/// <summary>A Generic Host with PaymentCore's hosted services on a fake clock, a given store and a probe on its loops.</summary>
internal static class HostHarness
{
    public static readonly string TestSecret = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static IHost Build(
        FakeTimeProvider time,
        ITransactionStore store,
        LoopProbe probe,
        IDictionary<string, string?> settings,
        INotifier? notifier = null,
        FakeLogCollector? logs = null,
        Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<ILoopObserver>(probe);
        builder.Services.AddSingleton(store);
        // A store the processor cannot tell is in memory (FlakyStore): ids keyed with a fixed test secret.
        builder.Services.Configure<TransactionIdOptions>(o => o.Secret = TestSecret);
        if (logs is not null)
        {
            builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        }

        var core = builder.Services.AddPaymentCore().AddAuthorizer<InMemoryAuthorizer>().UseStore(_ => store);
        if (notifier is not null)
        {
            builder.Services.AddSingleton(notifier);
        }

        core.AddHostedServices();
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<int> PayAsync(ITransactionStore store, TimeProvider time, int count, string prefix = "order")
    {
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: time);
        for (var i = 0; i < count; i++)
        {
            var result = await processor.ProcessAsync(Request($"{prefix}-{i}"));
            Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        }

        return (await store.GetOutboxBacklogAsync()).Pending;
    }

    public static PaymentRequest Request(string key, PaymentInstrument? payer = null) => new()
    {
        IdempotencyKey = key,
        MerchantId = "coffee-shop",
        Amount = Money.FromMajor(10.05m, Currency.USD),
        Payer = payer ?? TestInstruments.Approves,
        Payee = "acct_coffee_shop",
    };

    /// <summary>A notifier that records each event with the host that delivered it.</summary>
    internal sealed class RecordingNotifier(string host, System.Collections.Concurrent.ConcurrentBag<(string Host, Guid EventId)> deliveries) : INotifier
    {
        public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
        {
            deliveries.Add((host, paymentEvent.EventId));
            return ValueTask.CompletedTask;
        }
    }
}
