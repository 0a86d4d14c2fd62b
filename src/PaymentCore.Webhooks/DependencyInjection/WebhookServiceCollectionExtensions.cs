using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Notifications;
using PaymentCore.Webhooks.Addressing;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Endpoints;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PaymentCore's signed webhooks.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers webhook delivery: <see cref="WebhookNotifier"/>, <see cref="WebhookRetryRunner"/>,
    /// <see cref="WebhookDeadLetters"/>, the in-memory endpoint registry and delivery store (your own registrations
    /// win), and the named <see cref="HttpClient"/> with its resilience handler and SSRF guard. Options are validated
    /// when the container starts. Calling this twice registers nothing twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, Action<WebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WebhookOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(static d => d.ServiceType == typeof(WebhookDeliveryEngine)))
        {
            return services;
        }

        // ValidateOnStart and the HTTP client's handlers add themselves again on every call: register them once.
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookEndpointRegistry, InMemoryWebhookEndpointRegistry>();
        services.TryAddSingleton<IWebhookDeliveryStore, InMemoryWebhookDeliveryStore>();
        services.TryAddSingleton(static sp =>
        {
            var o = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new WebhookRetrySchedule((IEnumerable<TimeSpan>?)o.RetrySchedule ?? WebhookRetrySchedule.DefaultDelays, o.JitterFactor, o.MaxRetryAfter);
        });
        services.TryAddSingleton(static sp => new WebhookSender(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.TryAddSingleton(static sp => new WebhookDeliveryEngine(
            sp.GetRequiredService<IWebhookEndpointRegistry>(),
            sp.GetRequiredService<IWebhookDeliveryStore>(),
            sp.GetRequiredService<WebhookSender>(),
            sp.GetRequiredService<WebhookRetrySchedule>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IWebhookDeliveryObserver>(),
            sp.GetRequiredService<IOptions<WebhookOptions>>(),
            sp.GetService<ILogger<WebhookDeliveryEngine>>()));
        services.TryAddSingleton(static sp => new WebhookNotifier(
            sp.GetRequiredService<IWebhookEndpointRegistry>(),
            sp.GetRequiredService<WebhookDeliveryEngine>(),
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value.SendOnNotify));
        services.TryAddSingleton(static sp => new WebhookRetryRunner(sp.GetRequiredService<WebhookDeliveryEngine>(), sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.TryAddSingleton(static sp => new WebhookDeadLetters(sp.GetRequiredService<WebhookDeliveryEngine>()));

        services.AddHttpClient(WebhookSender.HttpClientName, static client =>
            {
                // The resilience handler's timeout bounds each attempt; HttpClient's own 100 s default would cut it short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("PaymentCore.Webhooks/" + typeof(WebhookNotifier).Assembly.GetName().Version?.ToString(3));
            })
            .ConfigurePrimaryHttpMessageHandler(static sp =>
            {
                var o = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                var connector = new GuardedConnector(new WebhookAddressPolicy(o.AllowLoopback, o.AllowPrivateNetworks));
                return new SocketsHttpHandler
                {
                    // A redirect is a failure (update the URL), and following one would leave the checked address.
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectCallback = connector.ConnectAsync,
                };
            })
            // URLs may carry tokens: keep them out of the factory's request logs.
            .RemoveAllLoggers()
            .AddResilienceHandler("attempt", static (builder, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                var maxRetryAfter = o.MaxShortTermRetryAfter;
                if (o.ShortTermRetries > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.ShortTermRetries,
                        Delay = o.ShortTermDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(ShortTermRetryable(args.Outcome, maxRetryAfter)),
                    });
                }

                builder.AddTimeout(o.RequestTimeout);
            });
        return services;
    }

    /// <summary>Registers webhook delivery with options bound from a configuration section (for example <c>PaymentCore:Webhooks</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="WebhookOptions"/>' properties.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebhookOptions>().Bind(configuration);
        return services.AddWebhooks();
    }

    /// <summary>Adds signed webhooks as a notifier of PaymentCore: every payment event is posted to its merchant's endpoints.</summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static PaymentCoreBuilder AddWebhooks(this PaymentCoreBuilder builder, Action<WebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddWebhooks(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotifier, WebhookNotifier>(static sp => sp.GetRequiredService<WebhookNotifier>()));
        return builder;
    }

    /// <summary>Adds signed webhooks as a notifier of PaymentCore, with options bound from a configuration section.</summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <param name="configuration">The section holding <see cref="WebhookOptions"/>' properties.</param>
    /// <returns>The builder.</returns>
    public static PaymentCoreBuilder AddWebhooks(this PaymentCoreBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<WebhookOptions>().Bind(configuration);
        return builder.AddWebhooks();
    }

    /// <summary>The short-term retry predicate: transient failures, but not a refused address and not a long Retry-After.</summary>
    internal static bool ShortTermRetryable(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is { } ex)
        {
            return WebhookSender.RefusalOf(ex) is null && ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status != 429 && status != 408 && status < 500)
        {
            return false;
        }

        // A long Retry-After is the long-term schedule's to honour; waiting for it here would hold the lease.
        // A date form is left to the long-term schedule too: this predicate has no clock to measure it with.
        var retryAfter = response.Headers.RetryAfter;
        return retryAfter is null || (retryAfter.Delta is { } delta && delta <= maxRetryAfter);
    }
}
