using PaymentCore.DataProtection;
using PaymentCore.Payments;
using Xunit;

// These are xunit facts: xunit's analyzers (xUnit1030) ask test methods not to call ConfigureAwait, and a test
// has no caller whose context it could deadlock.
#pragma warning disable CA2007

namespace PaymentCore.Testing.DataProtection;

/// <summary>
/// The contract every <see cref="ICardVault"/> that is also an <see cref="ICardDetokenizer"/> keeps, as xunit facts.
/// Derive a test class and return a new, empty vault over the given key ring from <see cref="CreateVaultAsync"/>:
/// <code>
/// public sealed class MyVaultContractTests : CardVaultContract
/// {
///     protected override ValueTask&lt;ICardVault&gt; CreateVaultAsync(KeyRing keys) => new(new MyVault(keys));
/// }
/// </code>
/// It covers the round trip (token, brand, BIN and last four only; the number back through the detokenizer), the
/// same token for the same card, different tokens for different cards, brand-valid numbers that fail Luhn, refusal
/// of what is not a card number (typed error naming the field, never quoting the value), unknown tokens, and
/// concurrent tokenization of the same cards.
/// </summary>
/// <remarks>
/// xunit makes one instance of the class per fact, so each fact gets its own vault; it is disposed after the fact
/// when it implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>. Not thread-safe.
/// </remarks>
public abstract class CardVaultContract : IAsyncLifetime
{
    private ICardVault? _vault;

    /// <summary>Gets the key ring every fact's vault is made with (one fixed 32-byte key, id <c>contract</c>).</summary>
    protected static KeyRing Keys { get; } =
        KeyRing.Create(new KeySet([new DataKey("contract", [.. Enumerable.Range(1, 32).Select(i => (byte)i)])], "contract", "contract"));

    private ICardVault Vault => _vault ?? throw new InvalidOperationException("The vault is made in InitializeAsync.");

    private ICardDetokenizer Detokenizer => Vault as ICardDetokenizer ?? throw new InvalidOperationException($"{Vault.GetType().Name} must implement ICardDetokenizer for the contract.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _vault = await CreateVaultAsync(Keys).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        switch (_vault)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Creates a new, empty vault that also implements <see cref="ICardDetokenizer"/>.</summary>
    /// <param name="keys">The key ring to encrypt with.</param>
    /// <returns>The vault.</returns>
    protected abstract ValueTask<ICardVault> CreateVaultAsync(KeyRing keys);

    /// <summary>A card's number comes back only through the detokenizer; the vault returns token, brand, BIN and last four.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Tokenize_ThenDetokenize_ReturnsTheNumber_AndOnlyTokenBinLast4()
    {
        var card = await Vault.TokenizeAsync("4242 4242 4242 4242", "visa");

        Assert.Equal(("visa", "424242", "4242"), (card.Brand, card.First6, card.Last4));
        Assert.StartsWith("tok_", card.Token, StringComparison.Ordinal);
        Assert.DoesNotContain("4242424242424242", card.ToString(), StringComparison.Ordinal);
        Assert.Equal(CardDataKind.None, CardDataDetector.FindInField("token", card.Token)); // our token passes our own detector
        using var pan = await Detokenizer.DetokenizeAsync(card.Token);
        Assert.Equal("4242424242424242", new string(pan!.Number));
        Assert.Equal(card.Token, pan.Token);
        Assert.DoesNotContain("4242424242424242", pan.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The same card gets the same token, however it is spaced; another card gets another token.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Tokenize_SameCardTwice_SameToken_OtherCardOtherToken()
    {
        var first = await Vault.TokenizeAsync("5555555555554444", "mastercard");
        var again = await Vault.TokenizeAsync("5555 5555 5555 4444", "mastercard");
        var other = await Vault.TokenizeAsync("4000056655665556", "visa");

        Assert.Equal(first, again);
        Assert.NotEqual(first.Token, other.Token);
        using var a = await Detokenizer.DetokenizeAsync(first.Token);
        using var b = await Detokenizer.DetokenizeAsync(other.Token);
        Assert.Equal(("5555555555554444", "4000056655665556"), (new string(a!.Number), new string(b!.Number)));
    }

    /// <summary>Brands whose numbers need not pass Luhn (Elo, RuPay) are tokenized; 12 digits, Luhn failures and letters are not.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Tokenize_BrandValidWithoutLuhn_Accepted_NotACardNumber_RefusedNamingTheField()
    {
        // 506699... is an Elo range that skips Luhn; this number fails Luhn (its check digit would be 4).
        var elo = await Vault.TokenizeAsync("5066991111111115", "elo");
        using (var pan = await Detokenizer.DetokenizeAsync(elo.Token))
        {
            Assert.Equal("5066991111111115", new string(pan!.Number));
        }

        foreach (var notACard in (string[])["424242424242", "4242424242424241", "4242x42424242424", "", "42424242424242424242"])
        {
            var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => Vault.TokenizeAsync(notACard, "visa").AsTask());
            var error = Assert.Single(ex.Errors);
            Assert.Equal(("cardNumber", ValidationRules.CardNumber), (error.Field, error.Rule));
            Assert.True(notACard.Length == 0 || !ex.Message.Contains(notACard, StringComparison.Ordinal), "the message must not quote the value");
        }
    }

    /// <summary>A token the vault never issued reads as absent, not as an error.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Detokenize_UnknownToken_ReturnsNull()
    {
        await Vault.TokenizeAsync("4242424242424242", "visa");

        Assert.Null(await Detokenizer.DetokenizeAsync("tok_unknown"));
    }

    /// <summary>64 callers tokenizing 8 cards at once get 8 tokens, each of which reads back its own number.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Tokenize_Concurrently_SameCards_OneTokenEach()
    {
        string[] cards = ["4242424242424242", "5555555555554444", "378282246310005", "6011111111111117", "3566002020360505", "4000056655665556", "5200828282828210", "6200000000000005"];

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () => (Card: cards[i % cards.Length], Vaulted: await Vault.TokenizeAsync(cards[i % cards.Length], "brand")))));

        var tokens = results.GroupBy(r => r.Card).ToDictionary(g => g.Key, g => g.Select(r => r.Vaulted.Token).Distinct().ToList());
        Assert.All(tokens.Values, t => Assert.Single(t));
        Assert.Equal(cards.Length, tokens.Values.Select(t => t[0]).Distinct().Count());
        foreach (var (card, token) in tokens)
        {
            using var pan = await Detokenizer.DetokenizeAsync(token[0]);
            Assert.Equal(card, new string(pan!.Number));
        }
    }
}
