using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Configuration;
using PaymentCore.DataProtection;
using PaymentCore.Outbox;
using PaymentCore.Processing;
using PaymentCore.Resilience;

namespace PaymentCore.Tests.Configuration;

// Issue 10: every options class binds from its PaymentCore:* section and is validated when the container starts, the
// failure naming the option.
public sealed class ConfigurationBindingTests
{
    // 32 bytes of key material, Base64: a test key, never a real one.
    private const string TestKey = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static Dictionary<string, string?> FullConfiguration() => new()
    {
        ["PaymentCore:Processor:RecoverAfter"] = "00:02:00",
        ["PaymentCore:Processor:CaptureDeadline"] = "3.00:00:00",
        ["PaymentCore:Processor:MaxRecoveryInterval"] = "00:30:00",
        ["PaymentCore:Processor:RecoveryBatchSize"] = "250",
        ["PaymentCore:Processor:Authorize:MaxAttempts"] = "4",
        ["PaymentCore:Processor:Authorize:Delay"] = "00:00:00.5",
        ["PaymentCore:Processor:Authorize:Jitter"] = "Decorrelated",
        ["PaymentCore:Processor:Capture:Backoff"] = "Fixed",
        ["PaymentCore:Processor:Void:MaxDelay"] = "00:00:10",
        ["PaymentCore:Processor:Refund:Deadline"] = "00:01:00",
        ["PaymentCore:Outbox:BatchSize"] = "20",
        ["PaymentCore:Outbox:Lease"] = "00:00:45",
        ["PaymentCore:Outbox:MaxAttempts"] = "7",
        ["PaymentCore:Outbox:MaxAge"] = "1.00:00:00",
        ["PaymentCore:Outbox:RetryDelay"] = "00:00:02",
        ["PaymentCore:Outbox:MaxRetryDelay"] = "00:10:00",
        ["PaymentCore:Outbox:Notify:MaxAttempts"] = "2",
        ["PaymentCore:Batch:MaxDegreeOfParallelism"] = "8",
        ["PaymentCore:Batch:Mode"] = "AllOrNothing",
        ["PaymentCore:Batch:ProgressInterval"] = "00:00:01",
        ["PaymentCore:InMemoryAuthorizer:Name"] = "simulator",
        ["PaymentCore:InMemoryAuthorizer:DefaultBalanceMajorUnits"] = "5000",
        ["PaymentCore:DataProtection:Keys:0"] = TestKey,
        ["PaymentCore:DataProtection:ActiveKeyId"] = "k1",
        ["PaymentCore:DataProtection:BlindIndexKeyId"] = "k1",
        ["PaymentCore:DataProtection:EnvironmentVariable"] = "MY_SHOP_KEYS",
    };

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddPaymentCoreDataProtection();
        services.AddPaymentCore().UseInMemoryDefaults().AddBatchProcessor().BindConfiguration(configuration);
        return services.BuildServiceProvider();
    }

    private static void Start(ServiceProvider provider) => provider.GetRequiredService<IStartupValidator>().Validate();

    [Fact]
    public void BindConfiguration_FullValidConfiguration_StartsWithEveryValueBound()
    {
        using var provider = Build(FullConfiguration());

        Start(provider);

        var processor = provider.GetRequiredService<IOptions<PaymentProcessorOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(2), processor.RecoverAfter);
        Assert.Equal(TimeSpan.FromDays(3), processor.CaptureDeadline);
        Assert.Equal(TimeSpan.FromMinutes(30), processor.MaxRecoveryInterval);
        Assert.Equal(250, processor.RecoveryBatchSize);
        Assert.Equal(4, processor.Authorize.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), processor.Authorize.Delay);
        Assert.Equal(RetryJitter.Decorrelated, processor.Authorize.Jitter);
        Assert.Equal(RetryBackoff.Fixed, processor.Capture.Backoff);
        Assert.Equal(TimeSpan.FromSeconds(10), processor.Void.MaxDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), processor.Refund.Deadline);

        var outbox = provider.GetRequiredService<IOptions<OutboxOptions>>().Value;
        Assert.Equal(20, outbox.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(45), outbox.Lease);
        Assert.Equal(7, outbox.MaxAttempts);
        Assert.Equal(TimeSpan.FromDays(1), outbox.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(2), outbox.RetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), outbox.MaxRetryDelay);
        Assert.Equal(2, outbox.Notify.MaxAttempts);

        var batch = provider.GetRequiredService<BatchProcessor>().Options;
        Assert.Equal(8, batch.MaxDegreeOfParallelism);
        Assert.Equal(BatchMode.AllOrNothing, batch.Mode);
        Assert.Equal(TimeSpan.FromSeconds(1), batch.ProgressInterval);

        var simulator = provider.GetRequiredService<IOptions<InMemoryAuthorizerOptions>>().Value;
        Assert.Equal("simulator", simulator.Name);
        Assert.Equal(5000, simulator.DefaultBalanceMajorUnits);
        Assert.Equal("simulator", provider.GetRequiredService<IAuthorizer>().Name);

        var keys = provider.GetRequiredService<IOptions<DataProtectionOptions>>().Value;
        Assert.Equal(new[] { TestKey }, keys.Keys);
        Assert.Equal("k1", keys.ActiveKeyId);
        Assert.Equal("k1", keys.BlindIndexKeyId);
        Assert.Equal("MY_SHOP_KEYS", keys.EnvironmentVariable);
        Assert.True(provider.GetRequiredService<KeyRing>().IsConfigured);
    }

    [Theory]
    [InlineData("PaymentCore:Processor:RecoverAfter", "00:00:00", "PaymentProcessorOptions.RecoverAfter")]
    [InlineData("PaymentCore:Processor:RecoveryBatchSize", "0", "PaymentProcessorOptions.RecoveryBatchSize")]
    [InlineData("PaymentCore:Processor:Capture:MaxAttempts", "101", "PaymentProcessorOptions.Capture.MaxAttempts")]
    [InlineData("PaymentCore:Processor:Authorize:Factor", "11", "PaymentProcessorOptions.Authorize.Factor")]
    [InlineData("PaymentCore:Outbox:BatchSize", "0", "OutboxOptions.BatchSize")]
    [InlineData("PaymentCore:Outbox:Lease", "02:00:00", "OutboxOptions.Lease")]
    [InlineData("PaymentCore:Outbox:Notify:MaxAttempts", "0", "OutboxOptions.Notify.MaxAttempts")]
    [InlineData("PaymentCore:Batch:MaxDegreeOfParallelism", "257", "BatchOptions.MaxDegreeOfParallelism")]
    [InlineData("PaymentCore:Batch:ProgressInterval", "-00:00:01", "BatchOptions.ProgressInterval")]
    [InlineData("PaymentCore:InMemoryAuthorizer:Name", " ", "InMemoryAuthorizerOptions.Name")]
    [InlineData("PaymentCore:InMemoryAuthorizer:DefaultBalanceMajorUnits", "-1", "InMemoryAuthorizerOptions.DefaultBalanceMajorUnits")]
    [InlineData("PaymentCore:DataProtection:Keys:0", "k1:c2hvcnQ=", "DataProtectionOptions.Keys[0]")]
    [InlineData("PaymentCore:DataProtection:ActiveKeyId", "k9", "DataProtectionOptions.ActiveKeyId")]
    [InlineData("PaymentCore:DataProtection:EnvironmentVariable", "", "DataProtectionOptions.EnvironmentVariable")]
    public void BindConfiguration_InvalidValue_FailsAtStartNamingTheOption(string key, string value, string option)
    {
        var values = FullConfiguration();
        values[key] = value;
        using var provider = Build(values);

        // Exactly one failure: start validation checks that a store and an authorizer are registered without making
        // them, so a bad value is reported once and no database is opened.
        var ex = Assert.Throws<OptionsValidationException>(() => Start(provider));

        Assert.Contains(option + " ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", ex.Message, StringComparison.Ordinal); // never the key material
    }

    [Fact]
    public void AddValidatedOptions_CalledTwice_RegistersTheValidatorOnce()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore();
        services.AddPaymentCore().AddBatchProcessor().AddBatchProcessor();

        Assert.Single(services, static d => d.ServiceType == typeof(IValidateOptions<BatchOptions>));
        Assert.Single(services, static d => d.ServiceType == typeof(IValidateOptions<OutboxOptions>));
        Assert.Single(services, static d => d.ServiceType == typeof(BatchProcessor));
    }

    [Fact]
    public void Sections_AreUnderTheRoot()
    {
        Assert.Equal("PaymentCore", PaymentCoreSections.Root);
        Assert.All(
            new[] { PaymentCoreSections.Processor, PaymentCoreSections.Outbox, PaymentCoreSections.Batch, PaymentCoreSections.InMemoryAuthorizer, PaymentCoreSections.DataProtection, PaymentCoreSections.Sqlite, PaymentCoreSections.PostgreSql, PaymentCoreSections.Webhooks },
            static s => Assert.StartsWith("PaymentCore:", s, StringComparison.Ordinal));
    }
}
