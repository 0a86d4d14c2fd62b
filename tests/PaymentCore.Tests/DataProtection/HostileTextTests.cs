using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.DataProtection;

// Issue 12, hostile text: each value here was accepted before, and stored. Keys and ids must be well-formed
// UTF-16 without controls, bidi controls or invisible-only content; free text must hold no control characters but
// tab and newline; arithmetic overflow on caller input must be a typed validation error.
public sealed class HostileTextTests
{
    private static readonly PaymentRequest Valid = PaymentFixture.Request();

    public static TheoryData<string, string, string> HostileIdentifiers() => new()
    {
        { "unpaired high surrogate", "k\\ud800", ValidationRules.WellFormedText },
        { "unpaired high surrogate at the top", "k\\udbff", ValidationRules.WellFormedText },
        { "unpaired low surrogate", "\\udc00k", ValidationRules.WellFormedText },
        { "reversed pair", "k\\udc00\\ud800", ValidationRules.WellFormedText },
        { "C1 next line", "k\u0085", ValidationRules.NoControlCharacters },
        { "C1 control sequence introducer", "k\u009b31m", ValidationRules.NoControlCharacters },
        { "NUL", "k\u0000", ValidationRules.NoControlCharacters },
        { "ESC", "k\u001b[0m", ValidationRules.NoControlCharacters },
        { "only a zero-width space", "\u200b", ValidationRules.Required },
        { "only invisible fillers", "\u3164\u200d\u00a0", ValidationRules.Required },
        { "right-to-left override", "order-\u202e1001", ValidationRules.NoBidiControls },
        { "left-to-right isolate", "\u2066order\u2069", ValidationRules.NoBidiControls },
        { "Arabic letter mark", "order\u061c", ValidationRules.NoBidiControls },
        { "zero-width space inside", "order\u200b-1", ValidationRules.NoInvisibleCharacters },
        { "byte order mark", "\ufefforder", ValidationRules.NoInvisibleCharacters },
    };

    [Theory]
    [MemberData(nameof(HostileIdentifiers))]
    public void Validate_HostileIdentifier_IsRefusedInEveryIdField(string scenario, string escaped, string rule)
    {
        var value = Unescape(escaped);
        var cases = new (string Field, PaymentRequest Request)[]
        {
            ("IdempotencyKey", Valid with { IdempotencyKey = value }),
            ("MerchantId", Valid with { MerchantId = value }),
            ("Payer.Token", Valid with { Payer = TestInstruments.Approves with { Token = value } }),
            ("Payee", Valid with { Payee = value }),
        };

        foreach (var (field, request) in cases)
        {
            var error = Assert.Single(request.Validate());
            Assert.True(error.Field == field && error.Rule == rule, $"{scenario} in {field}: {error}");
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_HostileMetadataKey_IsNamedByPositionNotByItself()
    {
        var error = Assert.Single((Valid with { Metadata = new Dictionary<string, string> { ["k\u202e"] = "v" } }).Validate());

        Assert.Equal(("Metadata[#0]", ValidationRules.NoBidiControls), (error.Field, error.Rule));
    }

    [Fact]
    public async Task ProcessAsync_SurrogateVariants_NeverShareATransaction()
    {
        // "k\uD800" and "k\uDBFF" encoded to the same UTF-8 (two replacement characters) and so the same id.
        var f = new PaymentFixture();

        foreach (var key in new[] { "k\ud800", "k\udbff" })
        {
            var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.ProcessAsync(Valid with { IdempotencyKey = key }).AsTask());
            Assert.Equal(("IdempotencyKey", ValidationRules.WellFormedText), (ex.Field, ex.Rule));
        }

        Assert.Equal(0, f.Store.Count);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u001bb")]
    [InlineData("a\u0007b")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\\ud800b")]
    public void Validate_ControlOrBrokenFreeText_IsRefusedInDescriptionAndMetadata(string escaped)
    {
        var value = Unescape(escaped);
        var description = Assert.Single((Valid with { Description = value }).Validate());
        var metadata = Assert.Single((Valid with { Metadata = new Dictionary<string, string> { ["note"] = value } }).Validate());

        Assert.Equal("Description", description.Field);
        Assert.Equal("Metadata[note]", metadata.Field);
        Assert.Contains(description.Rule, new[] { ValidationRules.NoControlCharacters, ValidationRules.WellFormedText });
        Assert.Equal(description.Rule, metadata.Rule);
    }

    [Fact]
    public void Validate_TabAndNewlinesInFreeText_AreAllowed() =>
        Assert.Empty((Valid with { Description = "line 1\r\nline 2\ttabbed\n", Metadata = new Dictionary<string, string> { ["note"] = "a\tb\nc" } }).Validate());

    [Fact]
    public void Validate_BidiControlsInFreeText_AreAllowed() =>
        // Right-to-left descriptions legitimately carry marks; only identifiers refuse them.
        Assert.Empty((Valid with { Description = "\u200fשלום\u200f order 5" }).Validate());

    [Theory]
    [InlineData("r\u0000")]
    [InlineData("r\u001b")]
    [InlineData("r\u0085")]
    [InlineData("\u200b")]
    [InlineData("r\\ud800")]
    public async Task RefundAsync_HostileRefundKey_IsRefusedAndNothingMoves(string escaped)
    {
        var refundKey = Unescape(escaped);
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(Valid);

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.RefundAsync("merchant-1", paid.Id, Money.FromMinor(1, Currency.USD), refundKey).AsTask());

        Assert.Equal("refundKey", ex.Field);
        Assert.Equal(Money.Zero(Currency.USD), (await f.Processor.GetAsync("merchant-1", paid.Id))!.Refunded);
    }

    [Fact]
    public async Task ProcessAsync_FeeRuleOverflowingOnAHugeAmount_IsATypedValidationErrorAndNothingIsStored()
    {
        var f = new PaymentFixture(rules: [FeeRule.For(Currency.USD, rate: 1.5m)]);

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.ProcessAsync(Valid with { Amount = Money.FromMinor(long.MaxValue - 1, Currency.USD) }).AsTask());

        Assert.Equal(("Amount", ValidationRules.WithinRange), (ex.Field, ex.Rule));
        Assert.Contains("fee", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, f.Store.Count);
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public void Evaluate_VelocitySumOverflowing_DeclinesInsteadOfThrowing()
    {
        var rule = new VelocityRule(TimeSpan.FromHours(1), maxSums: Money.FromMinor(1_000, Currency.USD));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var context = new RuleContext(now, [new PayerActivity(TimeSpan.FromHours(1), 1, Money.FromMinor(long.MaxValue, Currency.USD))]);

        var outcome = rule.Evaluate(Valid with { Amount = Money.FromMinor(5, Currency.USD) }, context);

        Assert.Equal(DeclineCodes.VelocityAmountExceeded, outcome.DeclineCode);
    }

    // xUnit serializes theory data, and a lone surrogate would arrive as U+FFFD: such cases are written escaped.
    private static string Unescape(string value) => System.Text.RegularExpressions.Regex.Unescape(value);
}
