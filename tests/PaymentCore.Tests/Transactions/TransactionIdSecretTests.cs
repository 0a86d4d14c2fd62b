using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Transactions;

/// <summary>Issue 12: transaction ids are HMAC-keyed by a per-installation secret, stable across instances that share it.</summary>
public sealed class TransactionIdSecretTests
{
    // Fixed test secrets (not random: the ids they give must be the same on every run).
    private static readonly string SecretA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string SecretB = Convert.ToBase64String(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task ProcessAsync_TwoProcessorsSameSecret_GiveTheSameId()
    {
        var a = await IdAsync(new TransactionIdOptions { Secret = SecretA });
        var b = await IdAsync(new TransactionIdOptions { Secret = SecretA });

        Assert.Equal(a, b);
    }

    [Fact]
    public async Task ProcessAsync_DifferentSecrets_GiveDifferentIds_AndNeitherIsTheUnkeyedOne()
    {
        var a = await IdAsync(new TransactionIdOptions { Secret = SecretA });
        var b = await IdAsync(new TransactionIdOptions { Secret = SecretB });
        var unkeyed = TransactionId.For("merchant-1", "order-1");

        Assert.NotEqual(a, b);
        Assert.NotEqual(unkeyed, a);
        Assert.NotEqual(unkeyed, b);
    }

    [Fact]
    public async Task ProcessAsync_AllowUnkeyed_GivesTheSha256Id()
    {
        Assert.Equal(TransactionId.For("merchant-1", "order-1"), await IdAsync(new TransactionIdOptions { AllowUnkeyed = true }));
    }

    [Fact]
    public void Derive_KeepsTheLengthPrefixedInput()
    {
        var secret = Convert.FromBase64String(SecretA);

        Assert.NotEqual(TransactionId.Derive(secret, "ab", "c"), TransactionId.Derive(secret, "a", "bc"));
        Assert.Equal(TransactionId.Derive(secret, "m", new string('x', 5000)), TransactionId.Derive(secret, "m", new string('x', 5000)));
    }

    [Fact]
    public async Task ProcessAsync_InMemoryStoreNoSecret_UsesAGeneratedSecretAndStillReplaysAcrossProcessors()
    {
        var store = new InMemoryTransactionStore();
        var issuer = new InMemoryAuthorizer();
        var first = new PaymentProcessor([], issuer, store);
        var second = new PaymentProcessor([], issuer, store);

        var paid = await first.ProcessAsync(PaymentFixture.Request());
        var again = await second.ProcessAsync(PaymentFixture.Request());

        Assert.NotEqual(TransactionId.For("merchant-1", "order-1"), paid.Id); // keyed, not the guessable id
        Assert.True(again.Replayed);
        Assert.Equal(paid.Id, again.Id); // the store holds one payment per merchant and key
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Constructor_DurableStoreWithoutSecret_FailsNamingTheOption()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new PaymentProcessor([], new InMemoryAuthorizer(), new FailingStore(new InMemoryTransactionStore())));

        Assert.Contains("TransactionIdOptions.Secret is not set and the store (FailingStore) is durable", ex.Message, StringComparison.Ordinal);
        Assert.Contains(TransactionIdOptions.SecretEnvironmentVariable, ex.Message, StringComparison.Ordinal);
        Assert.Contains("TransactionIdOptions.AllowUnkeyed = true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_DurableStoreWithSecretOrOptOut_Starts()
    {
        var keyed = new PaymentProcessor([], new InMemoryAuthorizer(), new FailingStore(new InMemoryTransactionStore()), transactionIds: Options.Create(new TransactionIdOptions { Secret = SecretA }));
        var unkeyed = new PaymentProcessor([], new InMemoryAuthorizer(), new FailingStore(new InMemoryTransactionStore()), transactionIds: Options.Create(new TransactionIdOptions { AllowUnkeyed = true }));

        Assert.Equal(await IdAsync(new TransactionIdOptions { Secret = SecretA }), (await keyed.ProcessAsync(PaymentFixture.Request())).Id);
        Assert.Equal(TransactionId.For("merchant-1", "order-1"), (await unkeyed.ProcessAsync(PaymentFixture.Request())).Id);
    }

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==", "it decodes to 16")] // 16 bytes: too short for HMAC-SHA256's strength
    [InlineData("not base64 at all!", "it is not valid base64")]
    public void Constructor_MalformedSecret_FailsWithoutEchoingIt(string secret, string reason)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), transactionIds: Options.Create(new TransactionIdOptions { Secret = secret })));

        Assert.Contains("TransactionIdOptions.Secret must be base64 of at least 32 random bytes; " + reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPaymentCore_DurableStoreWithoutSecret_StartFailsNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentCore().AddAuthorizer<InMemoryAuthorizer>().UseStore(_ => new FailingStore(new InMemoryTransactionStore()));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TransactionIdOptions>>().Value);

        Assert.Contains("TransactionIdOptions.Secret is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPaymentCore_ConfiguredSecret_IsUsedByTheProcessor()
    {
        var services = new ServiceCollection();
        services.Configure<TransactionIdOptions>(o => o.Secret = SecretA);
        services.AddPaymentCore().UseInMemoryDefaults();
        await using var provider = services.BuildServiceProvider();

        var paid = await provider.GetRequiredService<PaymentProcessor>().ProcessAsync(PaymentFixture.Request());

        Assert.Equal(await IdAsync(new TransactionIdOptions { Secret = SecretA }), paid.Id);
    }

    private static async Task<TransactionId> IdAsync(TransactionIdOptions options)
    {
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), new InMemoryTransactionStore(), transactionIds: Options.Create(options));
        return (await processor.ProcessAsync(PaymentFixture.Request())).Id;
    }
}
