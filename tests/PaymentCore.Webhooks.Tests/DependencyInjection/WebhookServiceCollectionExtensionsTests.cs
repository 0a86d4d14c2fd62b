using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MyShop.Payments;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;
using PaymentCore.Webhooks.Tests.Support;

namespace PaymentCore.Webhooks.Tests.DependencyInjection;

public sealed class WebhookServiceCollectionExtensionsTests
{
    [Fact]
    public void AddWebhooks_CalledTwice_RegistersNothingTwice()
    {
        var once = new ServiceCollection();
        once.AddPaymentCore().AddWebhooks();
        var twice = new ServiceCollection();
        twice.AddPaymentCore().AddWebhooks();
        twice.AddPaymentCore().AddWebhooks();

        Assert.Equal(once.Count, twice.Count);
        using var provider = twice.BuildServiceProvider();
        Assert.Single(provider.GetServices<INotifier>().OfType<WebhookNotifier>());
    }

    [Fact]
    public void AddWebhooks_OnThePaymentCoreBuilder_NotifierIsTheWebhookNotifierSingleton()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore().AddWebhooks();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(provider.GetRequiredService<WebhookNotifier>(), Assert.Single(provider.GetServices<INotifier>()));
        Assert.IsType<InMemoryWebhookEndpointRegistry>(provider.GetRequiredService<IWebhookEndpointRegistry>());
        Assert.IsType<InMemoryWebhookDeliveryStore>(provider.GetRequiredService<IWebhookDeliveryStore>());
    }

    [Fact]
    public void AddWebhooks_YourRegistryRegisteredFirst_Wins()
    {
        var services = new ServiceCollection();
        var mine = new InMemoryWebhookEndpointRegistry();
        services.AddSingleton<IWebhookEndpointRegistry>(mine);
        services.AddWebhooks();
        using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IWebhookEndpointRegistry>());
    }

    [Fact]
    public void AddWebhooks_FromConfiguration_BindsEveryKindOfProperty()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PaymentCore:Webhooks:RequestTimeout"] = "00:00:20",
            ["PaymentCore:Webhooks:ShortTermRetries"] = "1",
            ["PaymentCore:Webhooks:RetrySchedule:0"] = "00:00:10",
            ["PaymentCore:Webhooks:RetrySchedule:1"] = "01:00:00",
            ["PaymentCore:Webhooks:JitterFactor"] = "0.2",
            ["PaymentCore:Webhooks:AllowPrivateNetworks"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddWebhooks(configuration.GetSection(WebhookOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(20), options.RequestTimeout);
        Assert.Equal(1, options.ShortTermRetries);
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)], options.RetrySchedule);
        Assert.Equal(0.2, options.JitterFactor);
        Assert.True(options.AllowPrivateNetworks);
        Assert.False(options.AllowLoopback);
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)], provider.GetRequiredService<WebhookRetrySchedule>().Delays);
    }

    [Fact]
    public void AddWebhooks_InvalidOptions_StartupValidationNamesTheProperty()
    {
        var services = new ServiceCollection();
        services.AddWebhooks(o => o.RequestTimeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("WebhookOptions.RequestTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsSenderSetup_ProcessAPayment_TheReceiverGetsSignedEvents()
    {
        await using var server = await ReceiverServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PaymentCore:Webhooks:AllowLoopback"] = "true",
            ["PaymentCore:Webhooks:AllowHttp"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(WebhookHarness.Start));
        WebhookSenderSetup.AddPayments(services, configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var secret = WebhookSecret.Parse(await WebhookSenderSetup.RegisterEndpointAsync(provider, "coffee-shop", server.Url("shop")));

        var result = await provider.GetRequiredService<PaymentProcessor>().ProcessAsync(new PaymentRequest
        {
            IdempotencyKey = "order-1",
            MerchantId = "coffee-shop",
            Amount = Money.FromMajor(10.05m, Currency.USD),
            Payer = PaymentCore.Authorization.TestInstruments.Approves,
            Payee = "acct_coffee_shop",
        });
        await provider.GetRequiredService<global::PaymentCore.Outbox.OutboxDispatcher>().DispatchAsync(); // delivery is off the payment path

        var received = server.On("shop");
        var request = Assert.Single(received); // the endpoint wants captured and refunded only
        var verified = new WebhookVerifier(secret, provider.GetRequiredService<TimeProvider>())
            .Verify(request.Header(WebhookHeaders.Id), request.Header(WebhookHeaders.Timestamp), request.Header(WebhookHeaders.Signature), request.Body);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Contains("\"type\":\"payment.captured\"", System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains(result.Id.ToString(), System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);

        await WebhookSenderSetup.RotateAsync(provider, "coffee-shop-orders");
        var rotated = await provider.GetRequiredService<IWebhookEndpointRegistry>().FindAsync("coffee-shop-orders");
        Assert.Equal(2, rotated!.Secrets.Count);
        Assert.Equal(secret.Reveal(), rotated.Secrets[1].Reveal());
        await WebhookSenderSetup.RetryAndRedriveAsync(provider, CancellationToken.None);
    }

    [Fact]
    public void ReadmeReceiver_OnTheSystemClock_AcceptsFreshRefusesStaleAndMissing()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(Signing.WebhookSignerTests.SpecBody);
        var fresh = WebhookSigner.Sign(WebhookSecret.Parse(Signing.WebhookSignerTests.SpecSecret), "evt_1", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body);

        Assert.Equal("ok evt_1", ReadmeReceiver.Check(Signing.WebhookSignerTests.SpecSecret, "evt_1", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), fresh, body));
        Assert.Equal("timestamp_out_of_tolerance", ReadmeReceiver.Check(Signing.WebhookSignerTests.SpecSecret, "evt_1", Signing.WebhookSignerTests.SpecTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Signing.WebhookSignerTests.SpecSignature, body));
        Assert.Equal("missing_header", ReadmeReceiver.Check(Signing.WebhookSignerTests.SpecSecret, null, "1", "v1,x", body));
    }

    [Fact]
    public async Task ReadmeQuickStart_RegistersANotifierAndAnEndpoint()
    {
        var (provider, secret) = await ReadmeQuickStart.StartAsync(new ServiceCollection(), new Uri("https://shop.example/webhooks"));
        await using var _ = provider;

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.IsType<WebhookNotifier>(Assert.Single(provider.GetServices<INotifier>()));
        Assert.NotNull(await provider.GetRequiredService<IWebhookEndpointRegistry>().FindAsync("coffee-shop-1"));
    }
}
