using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Configuration;
using PaymentCore.DataProtection;
using PaymentCore.ExchangeRates;
using PaymentCore.Outbox;
using PaymentCore.Processing;
using PaymentCore.Notifications;
using PaymentCore.Rules;
using PaymentCore.StepUp;
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
    /// Adds a step-up authenticator (<see cref="OneTimeCodeAuthenticator"/>, the TOTP package's, or your own): a
    /// payment a rule lets go only after step-up is challenged by the first that can challenge its payer, in the
    /// order they are added. Adding the same type twice adds it once. Register an <see cref="PaymentCore.Audit.AuditTrail"/> to
    /// have every challenge and attempt audited.
    /// </summary>
    /// <typeparam name="TAuthenticator">The authenticator.</typeparam>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder AddStepUpAuthenticator<TAuthenticator>()
        where TAuthenticator : class, IStepUpAuthenticator
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStepUpAuthenticator, TAuthenticator>());
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

    /// <summary>
    /// Binds PaymentCore's options from configuration: <see cref="PaymentProcessorOptions"/> from
    /// <see cref="PaymentCoreSections.Processor"/>, <see cref="OutboxOptions"/> from <see cref="PaymentCoreSections.Outbox"/>,
    /// <see cref="BatchOptions"/> from <see cref="PaymentCoreSections.Batch"/>, <see cref="InMemoryAuthorizerOptions"/> from
    /// <see cref="PaymentCoreSections.InMemoryAuthorizer"/> and <see cref="DataProtectionOptions"/> from
    /// <see cref="PaymentCoreSections.DataProtection"/>. Code configuration applied after this call wins. Every bound
    /// value is validated when the container starts, and a failure names the option (docs/configuration.md lists the keys).
    /// </summary>
    /// <param name="configuration">The configuration root (or any section holding a <c>PaymentCore</c> section).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is <see langword="null"/>.</exception>
    public PaymentCoreBuilder BindConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Services.AddOptions<PaymentProcessorOptions>().Bind(configuration.GetSection(PaymentCoreSections.Processor));
        Services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(PaymentCoreSections.Outbox));
        Services.AddOptions<BatchOptions>().Bind(configuration.GetSection(PaymentCoreSections.Batch));
        Services.AddOptions<InMemoryAuthorizerOptions>().Bind(configuration.GetSection(PaymentCoreSections.InMemoryAuthorizer));
        Services.AddOptions<DataProtectionOptions>().Bind(configuration.GetSection(PaymentCoreSections.DataProtection));
        Services.AddOptions<PaymentCore.Transactions.TransactionIdOptions>().Bind(configuration.GetSection(PaymentCoreSections.TransactionIds));
        return this;
    }

    /// <summary>
    /// Registers a <see cref="BatchProcessor"/> over the <see cref="PaymentProcessor"/>, with <see cref="BatchOptions"/>
    /// from the container (validated at start; bound by <see cref="BindConfiguration"/>), the registered
    /// <see cref="TimeProvider"/> and, when one is registered, the <see cref="IExchangeRateProvider"/>.
    /// </summary>
    /// <param name="configure">Configures the batch options; optional.</param>
    /// <returns>This builder.</returns>
    public PaymentCoreBuilder AddBatchProcessor(Action<BatchOptions>? configure = null)
    {
        var options = Services.AddValidatedOptions<BatchOptions, BatchOptionsValidator>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        Services.TryAddSingleton(static sp => new BatchProcessor(
            sp.GetRequiredService<PaymentProcessor>(),
            sp.GetRequiredService<IOptions<BatchOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IExchangeRateProvider>()));
        return this;
    }
}
