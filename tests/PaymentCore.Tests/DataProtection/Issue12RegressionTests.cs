using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.DataProtection;

// Issue 12: card numbers passed every field but the payer token, description, metadata values and payee, and
// those four were bypassed by separators, Unicode digits and letters glued to the digits. Each case here was
// accepted (and stored) before the fix; each must now be refused naming the field, without echoing the value.
public sealed class Issue12RegressionTests
{
    private static readonly PaymentRequest Valid = PaymentFixture.Request();

    // Written the ways the audit found that passed the old check.
    public static TheoryData<string> DisguisedPans() => new()
    {
        "4242.4242.4242.4242",
        "4242\u00a04242\u00a04242\u00a04242", // no-break spaces
        "4242  4242  4242  4242", // double spaces
        "\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12", // full-width digits
        "card4242424242424242",
        "PAN4242424242424242x",
        "4242_4242_4242_4242",
        "4242/4242/4242/4242",
        "4242\u20134242\u20134242\u20134242", // en dashes
        "\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662", // Arabic-Indic digits
        "4242\u200b4242\u200b4242\u200b4242", // zero-width spaces between the groups
        "5067 0000 0000 0001", // Elo range, fails Luhn: brand-valid all the same
        "6521 0000 0000 0001", // RuPay range, fails Luhn
    };

    [Theory]
    [MemberData(nameof(DisguisedPans))]
    public void Validate_DisguisedPanInAnyCallerField_IsRefusedNamingTheField(string pan)
    {
        var cases = new (string Field, PaymentRequest Request)[]
        {
            ("IdempotencyKey", Valid with { IdempotencyKey = "k-" + pan }),
            ("MerchantId", Valid with { MerchantId = "m-" + pan }),
            ("Payer.Token", Valid with { Payer = TestInstruments.Approves with { Token = "tok " + pan } }),
            ("Payer.Brand", Valid with { Payer = TestInstruments.Approves with { Brand = pan } }),
            ("Payee", Valid with { Payee = "acct " + pan }),
            ("Description", Valid with { Description = "paid with " + pan }),
            ("Metadata[note]", Valid with { Metadata = new Dictionary<string, string> { ["note"] = pan } }),
        };

        foreach (var (field, request) in cases)
        {
            var error = Assert.Single(request.Validate());
            Assert.True(error.Field == field && error.Rule == ValidationRules.NoCardNumber, $"{field}: {error}");
            Assert.DoesNotContain(pan, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("4242", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_PanAsMetadataKey_IsRefusedWithoutNamingTheKey()
    {
        var error = Assert.Single((Valid with { Metadata = new Dictionary<string, string> { ["4242424242424242"] = "v" } }).Validate());

        Assert.Equal(("Metadata[#0]", ValidationRules.NoCardNumber), (error.Field, error.Rule));
        Assert.DoesNotContain("4242", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cvv", "123")]
    [InlineData("CVC", "1234")]
    [InlineData("card_cvv2", "737")]
    [InlineData("securityCode", "０１２")]
    [InlineData("cardCode", " 999 ")]
    public void Validate_VerificationCodeInCvvNamedMetadata_IsRefused(string key, string value)
    {
        var error = Assert.Single((Valid with { Metadata = new Dictionary<string, string> { [key] = value } }).Validate());

        Assert.Equal(("Metadata[" + key + "]", ValidationRules.NoVerificationCode), (error.Field, error.Rule));
        Assert.DoesNotContain(value.Trim(), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cvv 123")]
    [InlineData("CVC: 1234")]
    [InlineData("cvv2=737")]
    [InlineData("security code is 456")]
    public void Validate_VerificationCodeInDescription_IsRefused(string description)
    {
        var error = Assert.Single((Valid with { Description = "order 7, " + description }).Validate());

        Assert.Equal(("Description", ValidationRules.NoVerificationCode), (error.Field, error.Rule));
    }

    [Fact]
    public async Task RefundAsync_PanInRefundKey_IsRefusedAndNothingMoves()
    {
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(Valid);

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.RefundAsync("merchant-1", paid.Id, Money.FromMajor(1m, Currency.USD), "refund 4242 4242 4242 4242").AsTask());

        Assert.Equal(("refundKey", ValidationRules.NoCardNumber), (ex.Field, ex.Rule));
        Assert.DoesNotContain("4242", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Money.Zero(Currency.USD), (await f.Processor.GetAsync("merchant-1", paid.Id))!.Refunded);
    }

    [Theory]
    [InlineData("6362970000457013")] // Elo, Luhn-valid
    [InlineData("5067000000000001")] // Elo range, fails Luhn
    [InlineData("6521000000000001")] // RuPay range, fails Luhn
    [InlineData("6200000000000001")] // UnionPay range, fails Luhn
    public void FromCardNumber_BrandValidNumber_IsTokenized(string pan)
    {
        var instrument = PaymentInstrument.FromCardNumber(pan, "brand", new byte[32]);

        Assert.Equal((pan[..6], pan[^4..]), (instrument.First6, instrument.Last4));
        Assert.DoesNotContain(pan, instrument.ToString(), StringComparison.Ordinal);
        Assert.Empty((Valid with { Payer = instrument }).Validate());
    }

    [Fact]
    public void FromCardNumber_TwelveDigits_IsRefused()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.FromCardNumber("400000000002", "visa", new byte[32]));

        Assert.Equal(("cardNumber", ValidationRules.CardNumber), (ex.Field, ex.Rule));
    }
}
