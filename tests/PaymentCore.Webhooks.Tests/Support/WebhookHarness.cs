using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Transactions;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Webhooks.Tests.Support;

/// <summary>
/// The webhook services as a user registers them, on a fake clock, with loopback and http opted in (the receivers are
/// on 127.0.0.1) and jitter pinned to the middle so scheduled times are exact.
/// </summary>
internal sealed class WebhookHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private WebhookHarness(ServiceProvider provider, FakeTimeProvider time, RecordingObserver observer)
    {
        Provider = provider;
        Time = time;
        Observer = observer;
    }

    public ServiceProvider Provider { get; }

    public FakeTimeProvider Time { get; }

    public RecordingObserver Observer { get; }

    public WebhookNotifier Notifier => Provider.GetRequiredService<WebhookNotifier>();

    public WebhookRetryRunner Runner => Provider.GetRequiredService<WebhookRetryRunner>();

    public WebhookDeadLetters DeadLetters => Provider.GetRequiredService<WebhookDeadLetters>();

    public IWebhookEndpointRegistry Registry => Provider.GetRequiredService<IWebhookEndpointRegistry>();

    public InMemoryWebhookDeliveryStore Store => (InMemoryWebhookDeliveryStore)Provider.GetRequiredService<IWebhookDeliveryStore>();

    public static WebhookHarness Create(Action<WebhookOptions>? configure = null, Func<double>? random = null, Action<IServiceCollection>? configureServices = null)
    {
        var time = new FakeTimeProvider(Start);
        var observer = new RecordingObserver();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IWebhookDeliveryObserver>(observer);
        services.AddWebhooks(o =>
        {
            o.AllowLoopback = true;
            o.AllowHttp = true;
            o.ShortTermRetries = 0;
            configure?.Invoke(o);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;
            return new WebhookRetrySchedule((IEnumerable<TimeSpan>?)o.RetrySchedule ?? WebhookRetrySchedule.DefaultDelays, o.JitterFactor, o.MaxRetryAfter, random ?? (() => 0.5));
        });
        configureServices?.Invoke(services);
        return new WebhookHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), time, observer);
    }

    public async Task<WebhookEndpoint> AddEndpointAsync(string id, Uri url, params WebhookSecret[] secrets)
    {
        var endpoint = new WebhookEndpoint(id, "merchant-1", url, secrets.Length == 0 ? [WebhookSecret.Generate()] : secrets);
        await Registry.AddOrUpdateAsync(endpoint);
        return endpoint;
    }

    public static PaymentEvent Event(string idempotencyKey = "order-1", long version = 1, TransactionStatus from = TransactionStatus.Received, TransactionStatus to = TransactionStatus.Authorized, string merchantId = "merchant-1")
    {
        var transaction = TransactionId.For(merchantId, idempotencyKey);
        return new PaymentEvent(
            PaymentEvent.IdFor(transaction, version),
            transaction,
            version,
            merchantId,
            "tok_visa",
            from,
            to,
            Money.FromMajor(10.05m, Currency.USD),
            Start,
            null);
    }

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}

internal sealed class RecordingObserver : IWebhookDeliveryObserver
{
    public ConcurrentQueue<WebhookEndpoint> Disabled { get; } = new();

    public ConcurrentQueue<WebhookDelivery> DeadLetters { get; } = new();

    public ValueTask OnEndpointDisabledAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        Disabled.Enqueue(endpoint);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnDeadLetteredAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        DeadLetters.Enqueue(delivery);
        return ValueTask.CompletedTask;
    }
}
