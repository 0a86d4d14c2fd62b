using Microsoft.Extensions.DependencyInjection;
using PaymentCore.DataProtection;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.DataProtection;

public sealed class CardVaultTests
{
    private static KeyRing Ring(params (string Id, byte Fill)[] keys) =>
        KeyRing.Create(new KeySet([.. keys.Select(k => new DataKey(k.Id, Enumerable.Repeat(k.Fill, 32).ToArray()))], keys[^1].Id, keys[0].Id));

    [Fact]
    public async Task TokenizeAsync_ThenDetokenize_ReturnsTheNumberAndKeepsOnlyTokenBinLast4()
    {
        var vault = new InMemoryCardVault(Ring(("k1", 1)));

        var card = await vault.TokenizeAsync("4242 4242 4242 4242", "visa");

        Assert.Equal(("visa", "424242", "4242"), (card.Brand, card.First6, card.Last4));
        Assert.StartsWith("tok_", card.Token, StringComparison.Ordinal);
        Assert.DoesNotContain("4242424242424242", card.ToString(), StringComparison.Ordinal);
        Assert.Equal(card, await vault.TokenizeAsync("4242424242424242", "visa")); // same card, same token
        Assert.Equal(1, vault.Count);
        using (var pan = await vault.DetokenizeAsync(card.Token))
        {
            Assert.Equal("4242424242424242", new string(pan!.Number));
            Assert.DoesNotContain("4242424242424242", pan.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(PaymentFixture.Request() with { Payer = card.ToInstrument() } is var r ? r.Validate() : []);
    }

    [Fact]
    public async Task DetokenizedCard_Disposed_NumberIsGone()
    {
        var vault = new InMemoryCardVault(Ring(("k1", 1)));
        var card = await vault.TokenizeAsync("5555555555554444", "mastercard");
        var pan = await vault.DetokenizeAsync(card.Token);

        pan!.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pan.Number.Length);
    }

    [Fact]
    public async Task DetokenizeAsync_UnknownToken_IsNull() =>
        Assert.Null(await new InMemoryCardVault(Ring(("k1", 1))).DetokenizeAsync("tok_unknown"));

    [Theory]
    [InlineData("400000000002")] // 12 digits
    [InlineData("4242424242424241")] // fails Luhn, no exempt brand
    [InlineData("4242-4242-4242-4242")]
    public async Task TokenizeAsync_NotACard_IsRefusedWithoutQuotingIt(string number)
    {
        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => new InMemoryCardVault(Ring(("k1", 1))).TokenizeAsync(number, "visa").AsTask());

        Assert.Equal(("cardNumber", ValidationRules.CardNumber), (ex.Field, ex.Rule));
        Assert.DoesNotContain(number, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenizeAsync_BrandValidNonLuhnCard_IsVaulted()
    {
        var vault = new InMemoryCardVault(Ring(("k1", 1)));

        var card = await vault.TokenizeAsync("5067000000000001", "elo");

        using var pan = await vault.DetokenizeAsync(card.Token);
        Assert.Equal("5067000000000001", new string(pan!.Number));
    }

    [Fact]
    public void Constructor_NoKey_RefusesToKeepPlaintextCards() =>
        Assert.Equal(DataProtectionFailure.NotConfigured, Assert.Throws<DataProtectionException>(() => new InMemoryCardVault(KeyRing.Create(KeySet.Empty))).Failure);

    [Fact]
    public async Task Reencrypt_AfterRotation_MovesEveryCardToTheActiveKey()
    {
        var ring1 = Ring(("k1", 1));
        var vault = new InMemoryCardVault(ring1);
        await vault.TokenizeAsync("4242424242424242", "visa");
        await vault.TokenizeAsync("5555555555554444", "mastercard");
        Assert.Equal(["k1", "k1"], vault.KeyIds());

        // A vault over the rotated ring reads the same storage in production; here the in-memory one is rebuilt.
        var rotated = new InMemoryCardVault(Ring(("k1", 1), ("k2", 2)));
        var a = await rotated.TokenizeAsync("4242424242424242", "visa");

        Assert.Equal(["k2"], rotated.KeyIds());
        Assert.Equal(0, rotated.Reencrypt());
        using var pan = await rotated.DetokenizeAsync(a.Token);
        Assert.Equal("4242424242424242", new string(pan!.Number));
    }

    [Fact]
    public void AddPaymentCoreDataProtection_Twice_RegistersOnceAndResolvesTheVault()
    {
        var services = new ServiceCollection();
        var key = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());

        services.AddPaymentCoreDataProtection(o => o.Keys.Add("dev:" + key));
        var count = services.Count;
        services.AddPaymentCoreDataProtection();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(count, services.Count);
        Assert.Same(provider.GetRequiredService<ICardVault>(), provider.GetRequiredService<ICardDetokenizer>());
        Assert.Equal("dev", provider.GetRequiredService<KeyRing>().ActiveKeyId);
    }
}
