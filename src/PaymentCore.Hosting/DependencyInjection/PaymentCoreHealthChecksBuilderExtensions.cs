using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PaymentCore.Hosting.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds PaymentCore's health checks.</summary>
public static class PaymentCoreHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds four checks, tagged <c>paymentcore</c>: <c>paymentcore.store</c> (the store answers),
    /// <c>paymentcore.outbox</c> (age of the oldest undelivered event), <c>paymentcore.dead_letters</c> and
    /// <c>paymentcore.recovery</c> (records unresolved past their due time). Thresholds are bound from the
    /// configuration section <c>PaymentCore:Hosting:HealthChecks</c>, then from <paramref name="configure"/>, and
    /// validated when the host starts.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Sets thresholds in code.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPaymentCore(this IHealthChecksBuilder builder, Action<PaymentCoreHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var first = !services.Any(static d => d.ServiceType == typeof(HealthChecksMarker));
        if (first)
        {
            // Configuration first, so the code's settings below win over it.
            services.AddSingleton<HealthChecksMarker>();
            services.AddSingleton<IConfigureOptions<PaymentCoreHealthCheckOptions>>(static sp => new ConfigurationBinding<PaymentCoreHealthCheckOptions>(PaymentCoreHealthCheckOptions.SectionName, sp));
        }

        var options = services.AddOptions<PaymentCoreHealthCheckOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!first)
        {
            return builder; // the checks are named: adding them twice would fail every health report
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentCoreHealthCheckOptions>, PaymentCoreHealthCheckOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        string[] tags = ["paymentcore"];
        return builder
            .AddCheck<StoreHealthCheck>("paymentcore.store", HealthStatus.Unhealthy, tags)
            .AddCheck<OutboxHealthCheck>("paymentcore.outbox", HealthStatus.Unhealthy, tags)
            .AddCheck<DeadLetterHealthCheck>("paymentcore.dead_letters", HealthStatus.Unhealthy, tags)
            .AddCheck<RecoveryHealthCheck>("paymentcore.recovery", HealthStatus.Unhealthy, tags);
    }

    /// <summary>Says the checks are registered.</summary>
    private sealed class HealthChecksMarker;
}
