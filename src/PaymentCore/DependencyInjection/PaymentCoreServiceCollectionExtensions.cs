using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.DependencyInjection;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PaymentCore in a service collection.</summary>
public static class PaymentCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PaymentProcessor"/>, the <see cref="OutboxDispatcher"/> and <see cref="TimeProvider.System"/>;
    /// your own registrations win. No authorizer and no store are registered: choose them on the builder
    /// (<see cref="PaymentCoreBuilder.AddAuthorizer{TAuthorizer}"/> and a store such as <c>UseSqlite</c>), or opt into the
    /// simulator with <see cref="PaymentCoreBuilder.UseInMemoryDefaults"/>. Starting without them fails, naming the
    /// calls. Options are validated when the container starts. Calling this twice registers nothing twice.
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
        // Transaction ids are keyed by a per-installation secret: a durable store without one fails the start.
        var ids = services.AddOptions<TransactionIdOptions>();
        if (!services.Any(static d => d.ServiceType == typeof(PaymentProcessor)))
        {
            ids.ValidateOnStart();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransactionIdOptions>, TransactionIdOptionsValidator>());
        // No authorizer and no store by default: a service that forgot to choose them must not take "payments"
        // against a simulator and lose them on restart. The validator fails the start, naming the calls to make.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentProcessorOptions>, PaymentCoreRegistrationValidator>());
        services.TryAddSingleton<InMemoryNotifier>();
        services.TryAddSingleton(static sp =>
        {
            // Options first: their validation names a missing authorizer or store before anything else is resolved.
            var options = sp.GetRequiredService<IOptions<PaymentProcessorOptions>>();
            _ = options.Value;
            return new PaymentProcessor(
                sp.GetServices<IPaymentRule>(),
                [.. sp.GetServices<IAuthorizer>()], // the route, in registration order (AddAuthorizer)
                sp.GetRequiredService<ITransactionStore>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<PaymentProcessor>>(),
                sp.GetRequiredService<IOptions<TransactionIdOptions>>());
        });

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
