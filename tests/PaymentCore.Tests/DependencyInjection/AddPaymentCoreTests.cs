using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.DependencyInjection;

public sealed class AddPaymentCoreTests
{
    [Fact]
    public async Task AddPaymentCore_NoAuthorizerNoStore_StartFailsNamingTheCalls()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PaymentProcessor>());

        Assert.Contains("No authorizer is registered: call AddPaymentCore().AddAuthorizer<TAuthorizer>()", ex.Message, StringComparison.Ordinal);
        Assert.Contains("No transaction store is registered: call AddPaymentCore().UseSqlite(...)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryDefaults()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAuthorizer_Twice_BuildsAFailoverRouteInOrder()
    {
        var services = new ServiceCollection();
        services.Configure<InMemoryAuthorizerOptions>(o => o.Name = "first");
        services.AddPaymentCore().UseStore<InMemoryTransactionStore>().AddAuthorizer<NamedAuthorizer>().AddAuthorizer<InMemoryAuthorizer>().AddAuthorizer<NamedAuthorizer>();
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<PaymentProcessor>().ProcessAsync(PaymentFixture.Request());

        Assert.Equal(["named", "first"], provider.GetServices<IAuthorizer>().Select(a => a.Name));
        Assert.Equal("named", result.Transaction.Authorizer); // the first of the route took it
    }

    [Fact]
    public async Task UseInMemoryDefaults_ResolveAWorkingInMemoryProcessor()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore().UseInMemoryDefaults();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var processor = provider.GetRequiredService<PaymentProcessor>();
        var result = await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.IsType<InMemoryAuthorizer>(provider.GetRequiredService<IAuthorizer>());
        Assert.IsType<InMemoryTransactionStore>(provider.GetRequiredService<ITransactionStore>());
        Assert.Equal(3, (await provider.GetRequiredService<global::PaymentCore.Outbox.OutboxDispatcher>().DispatchAsync()).Delivered);
        Assert.Equal(3, provider.GetRequiredService<InMemoryNotifier>().DistinctEvents().Count);
        Assert.Same(processor, provider.GetRequiredService<PaymentProcessor>());
    }

    [Fact]
    public void AddPaymentCore_CalledTwice_RegistersNothingTwice()
    {
        var once = new ServiceCollection();
        once.AddPaymentCore();
        var twice = new ServiceCollection();
        twice.AddPaymentCore();
        twice.AddPaymentCore();

        Assert.Equal(once.Select(d => d.ServiceType).OrderBy(t => t.FullName), twice.Select(d => d.ServiceType).OrderBy(t => t.FullName));
        Assert.Single(twice, d => d.ServiceType == typeof(PaymentProcessor));
        Assert.Equal(2, twice.Count(d => d.ServiceType == typeof(IValidateOptions<PaymentProcessorOptions>))); // the options' and the registrations' validators, once each
    }

    [Fact]
    public async Task Builder_UserRegistrations_WinOverDefaultsWhateverTheOrder()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITransactionStore, InMemoryTransactionStore>(); // before: TryAdd keeps it
        services.AddPaymentCore()
            .UseAuthorizer<NamedAuthorizer>()
            .AddNotifier<CountingNotifier>()
            .AddRule<DeclineAllRule>()
            .AddRule<DeclineAllRule>();
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<PaymentProcessor>().ProcessAsync(PaymentFixture.Request());

        Assert.IsType<NamedAuthorizer>(provider.GetRequiredService<IAuthorizer>());
        Assert.Single(provider.GetServices<IPaymentRule>());
        Assert.Equal("decline_all", result.Decline!.DeclinedBy);
        await provider.GetRequiredService<global::PaymentCore.Outbox.OutboxDispatcher>().DispatchAsync();
        Assert.Equal(1, provider.GetRequiredService<IEnumerable<INotifier>>().OfType<CountingNotifier>().Single().Count);
        Assert.Empty(provider.GetRequiredService<InMemoryNotifier>().Deliveries);
    }

    [Fact]
    public async Task AddPaymentCore_InvalidOptions_FailAtStartNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore(o =>
        {
            o.RecoverAfter = TimeSpan.Zero;
            o.RecoveryBatchSize = 0;
        });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PaymentProcessor>());

        Assert.Contains("PaymentProcessorOptions.RecoverAfter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PaymentProcessorOptions.RecoveryBatchSize must be between 1 and 10000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw()
    {
        var options = Options.Create(new PaymentProcessorOptions { MaxRecoveryInterval = TimeSpan.FromSeconds(1) });

        var ex = Assert.Throws<OptionsValidationException>(() => new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), options));

        Assert.Contains("PaymentProcessorOptions.MaxRecoveryInterval must be at least RecoverAfter", ex.Message, StringComparison.Ordinal);
    }

    private sealed class NamedAuthorizer : IAuthorizer
    {
        private readonly InMemoryAuthorizer _inner = new(new InMemoryAuthorizerOptions { Name = "named" });

        public string Name => _inner.Name;

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => _inner.AuthorizeAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => _inner.CaptureAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => _inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => _inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => _inner.QueryAsync(request, cancellationToken);
    }

    private sealed class CountingNotifier : INotifier
    {
        public int Count { get; private set; }

        public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DeclineAllRule : IPaymentRule
    {
        public string Name => "decline_all";

        public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context) => RuleOutcome.Decline("closed", "The shop is closed.");
    }
}
