using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Rules;
using PaymentCore.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PaymentCore in a service collection.</summary>
public static class PaymentCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PaymentProcessor"/> with in-memory defaults (authorizer, store, notifier) and
    /// <see cref="TimeProvider.System"/>; your own registrations win. Options are validated when the container
    /// starts. Calling this twice registers nothing twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the processor options.</param>
    /// <returns>A builder to add rules, an authorizer, a store and notifiers.</returns>
    public static PaymentCoreBuilder AddPaymentCore(this IServiceCollection services, Action<PaymentProcessorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PaymentProcessorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // ValidateOnStart is not idempotent (it adds a configuration each call): register it once.
        if (!services.Any(static d => d.ServiceType == typeof(PaymentProcessor)))
        {
            options.ValidateOnStart();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentProcessorOptions>, PaymentProcessorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuthorizer, InMemoryAuthorizer>();
        services.TryAddSingleton<ITransactionStore, InMemoryTransactionStore>();
        services.TryAddSingleton<InMemoryNotifier>();
        services.TryAddSingleton(static sp => new PaymentProcessor(
            sp.GetServices<IPaymentRule>(),
            sp.GetRequiredService<IAuthorizer>(),
            sp.GetRequiredService<ITransactionStore>(),
            sp.GetRequiredService<IOptions<PaymentProcessorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<PaymentProcessor>>()));

        // Events leave the payment path: the dispatcher delivers them from the outbox (run it on a timer, or by hand).
        services.AddOptions<OutboxOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.TryAddSingleton(static sp =>
        {
            var notifiers = sp.GetServices<INotifier>().ToArray();
            return new OutboxDispatcher(
                sp.GetRequiredService<ITransactionStore>(),
                notifiers.Length > 0 ? notifiers : [sp.GetRequiredService<InMemoryNotifier>()],
                sp.GetRequiredService<IOptions<OutboxOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<OutboxDispatcher>>());
        });
        return new PaymentCoreBuilder(services);
    }
}
