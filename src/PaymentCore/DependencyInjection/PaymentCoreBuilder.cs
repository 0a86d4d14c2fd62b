using Microsoft.Extensions.DependencyInjection.Extensions;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Rules;
using PaymentCore.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Plugs rules, an authorizer, a store and notifiers into PaymentCore. Your registrations win over the
/// in-memory defaults whatever the order of the calls.
/// </summary>
/// <remarks>Not thread-safe: configure the container from one thread, as usual.</remarks>
public sealed class PaymentCoreBuilder
{
    internal PaymentCoreBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a rule, resolved from the container; rules run in the order they are added. Adding the same type twice adds it once.</summary>
    /// <typeparam name="TRule">The rule type.</typeparam>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder AddRule<TRule>()
        where TRule : class, IPaymentRule
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaymentRule, TRule>());
        return this;
    }

    /// <summary>Adds a rule instance; rules run in the order they are added.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder AddRule(IPaymentRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Services.AddSingleton(rule);
        return this;
    }

    /// <summary>
    /// Adds an authorizer to the failover route, after those added before: an authorization goes to the first, and to
    /// the next only when one is unreachable (never sent, so no second charge is possible).
    /// </summary>
    /// <typeparam name="TAuthorizer">The authorizer; its <see cref="IAuthorizer.Name"/> must be distinct in the route.</typeparam>
    /// <returns>The builder.</returns>
    public PaymentCoreBuilder AddAuthorizer<TAuthorizer>()
        where TAuthorizer : class, IAuthorizer
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizer, TAuthorizer>());
        return this;
    }

    /// <summary>
    /// Opts into the simulator and memory, for samples, tests and trying things out: the <see cref="InMemoryAuthorizer"/>
    /// (a simulated issuer, see <see cref="TestInstruments"/>), the <see cref="InMemoryTransactionStore"/> (everything is
    /// lost when the process ends) and the <see cref="InMemoryNotifier"/>. Registrations made before or after win.
    /// Without a <see cref="PaymentCore.Transactions.TransactionIdOptions.Secret"/>, transaction ids are keyed by a
    /// secret generated for the process (logged at start), so they change on restart. Never use it for real payments.
    /// </summary>
    /// <returns>The builder.</returns>
    public PaymentCoreBuilder UseInMemoryDefaults()
    {
        if (!Services.Any(static d => d.ServiceType == typeof(IAuthorizer)))
        {
            Services.AddSingleton<IAuthorizer, InMemoryAuthorizer>();
        }

        Services.TryAddSingleton<ITransactionStore, InMemoryTransactionStore>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotifier, InMemoryNotifier>(static sp => sp.GetRequiredService<InMemoryNotifier>()));
        return this;
    }

    /// <summary>Makes <typeparamref name="TAuthorizer"/> the only authorizer: the route is replaced, not extended (see <see cref="AddAuthorizer{TAuthorizer}"/>).</summary>
    /// <typeparam name="TAuthorizer">The authorizer type.</typeparam>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder UseAuthorizer<TAuthorizer>()
        where TAuthorizer : class, IAuthorizer
    {
        // The whole route becomes this one authorizer (AddAuthorizer builds a route of several).
        Services.RemoveAll<IAuthorizer>();
        Services.AddSingleton<IAuthorizer, TAuthorizer>();
        return this;
    }

    /// <summary>Uses a store instead of the in-memory one.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder UseStore<TStore>()
        where TStore : class, ITransactionStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ITransactionStore, TStore>());
        return this;
    }

    /// <summary>Uses a store made by a factory instead of the in-memory one.</summary>
    /// <param name="factory">Makes the store.</param>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder UseStore(Func<IServiceProvider, ITransactionStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Adds a notifier; every event goes to each. Once any is added, the in-memory default is no longer used.</summary>
    /// <typeparam name="TNotifier">The notifier type.</typeparam>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder AddNotifier<TNotifier>()
        where TNotifier : class, INotifier
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotifier, TNotifier>());
        return this;
    }
}
