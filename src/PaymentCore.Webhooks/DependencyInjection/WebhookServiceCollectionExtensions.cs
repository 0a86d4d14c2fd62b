using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Notifications;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Endpoints;

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
            .ConfigurePrimaryHttpMessageHandler(static sp => WebhookHttpPipeline.CreatePrimaryHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value))
            // URLs may carry tokens: keep them out of the factory's request logs.
            .RemoveAllLoggers()
            .AddResilienceHandler("attempt", static (builder, context) =>
                WebhookHttpPipeline.ConfigureAttempt(builder, context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value));
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
}
