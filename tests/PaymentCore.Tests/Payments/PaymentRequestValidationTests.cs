using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.Payments;

public sealed class PaymentRequestValidationTests
{
    private static readonly PaymentRequest Valid = PaymentFixture.Request();

    public static TheoryData<string, PaymentRequest, string, string> Invalid() => new()
    {
        { "key missing", Valid with { IdempotencyKey = "" }, "IdempotencyKey", ValidationRules.Required },
        { "key blank", Valid with { IdempotencyKey = "   " }, "IdempotencyKey", ValidationRules.Required },
        { "key too long", Valid with { IdempotencyKey = new string('k', 256) }, "IdempotencyKey", ValidationRules.MaximumLength },
        { "key control char", Valid with { IdempotencyKey = "a\nb" }, "IdempotencyKey", ValidationRules.NoControlCharacters },
        { "merchant missing", Valid with { MerchantId = null! }, "MerchantId", ValidationRules.Required },
        { "merchant too long", Valid with { MerchantId = new string('m', 129) }, "MerchantId", ValidationRules.MaximumLength },
        { "amount zero", Valid with { Amount = Money.Zero(Currency.USD) }, "Amount", ValidationRules.Positive },
        { "amount negative", Valid with { Amount = Money.FromMinor(-1, Currency.USD) }, "Amount", ValidationRules.Positive },
        { "amount without currency", Valid with { Amount = default }, "Amount", ValidationRules.Currency },
        { "payer missing", Valid with { Payer = null! }, "Payer", ValidationRules.Required },
        { "payer token blank", Valid with { Payer = TestInstruments.Approves with { Token = " " } }, "Payer.Token", ValidationRules.Required },
        { "payer token is a PAN", Valid with { Payer = TestInstruments.Approves with { Token = "4242424242424242" } }, "Payer.Token", ValidationRules.NoCardNumber },
        { "first6 not digits", Valid with { Payer = TestInstruments.Approves with { First6 = "42424x" } }, "Payer.First6", ValidationRules.Digits },
        { "last4 too short", Valid with { Payer = TestInstruments.Approves with { Last4 = "424" } }, "Payer.Last4", ValidationRules.Digits },
        { "brand missing", Valid with { Payer = TestInstruments.Approves with { Brand = null } }, "Payer.Brand", ValidationRules.Required },
        { "instrument kind undefined", Valid with { Payer = TestInstruments.Approves with { Kind = (InstrumentKind)9 } }, "Payer.Kind", ValidationRules.Defined },
        { "payee missing", Valid with { Payee = "" }, "Payee", ValidationRules.Required },
        { "payee holds a PAN", Valid with { Payee = "pay 4000000000000002 now" }, "Payee", ValidationRules.NoCardNumber },
        { "capture mode undefined", Valid with { CaptureMode = (CaptureMode)7 }, "CaptureMode", ValidationRules.Defined },
        { "description too long", Valid with { Description = new string('d', 501) }, "Description", ValidationRules.MaximumLength },
        { "description holds a PAN", Valid with { Description = "card 4242 4242 4242 4242 ok? 4242424242424242" }, "Description", ValidationRules.NoCardNumber },
        { "metadata null", Valid with { Metadata = null! }, "Metadata", ValidationRules.Required },
        { "metadata too many", Valid with { Metadata = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v") }, "Metadata", ValidationRules.MaximumCount },
        { "metadata key too long", Valid with { Metadata = new Dictionary<string, string> { [new string('k', 41)] = "v" } }, "Metadata[" + new string('k', 40) + "…]", ValidationRules.MaximumLength },
        { "metadata value too long", Valid with { Metadata = new Dictionary<string, string> { ["order"] = new string('v', 501) } }, "Metadata[order]", ValidationRules.MaximumLength },
        { "metadata value null", Valid with { Metadata = new Dictionary<string, string> { ["order"] = null! } }, "Metadata[order]", ValidationRules.Required },
        { "metadata value holds a PAN", Valid with { Metadata = new Dictionary<string, string> { ["card"] = "5555555555554444" } }, "Metadata[card]", ValidationRules.NoCardNumber },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BrokenRule_NamesFieldAndRule(string scenario, PaymentRequest request, string field, string rule)
    {
        var errors = request.Validate();

        var error = Assert.Single(errors);
        Assert.True(error.Field == field && error.Rule == rule, $"{scenario}: got {error}");
        Assert.Contains(field.Split('[')[0], error.Message + error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task ProcessAsync_InvalidRequest_ThrowsTypedErrorAndStoresAndChargesNothing(string scenario, PaymentRequest request, string field, string rule)
    {
        var f = new PaymentFixture();

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.ProcessAsync(request).AsTask());

        Assert.True(ex.Field == field && ex.Rule == rule, $"{scenario}: got {ex.Message}");
        Assert.Equal(0, f.Store.Count);
        Assert.Empty(f.Issuer.GetHolds());
        await f.Dispatcher.DispatchAsync(); // events leave the payment path: deliver them first
        Assert.Empty(f.Notifier.Deliveries);
    }

    [Fact]
    public void Validate_ValidRequest_ReturnsNoErrors() => Assert.Empty(Valid.Validate());

    [Fact]
    public void Validate_SeveralBrokenRules_ReportsEveryOneInFieldOrder()
    {
        var errors = (Valid with { IdempotencyKey = "", Amount = Money.Zero(Currency.EUR), Payee = "" }).Validate();

        Assert.Equal(["IdempotencyKey", "Amount", "Payee"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("NO9386011117947")] // 13 digits glued to the country code
    [InlineData("NO93 8601 1117 947")]
    [InlineData("BE68539007547034")]
    [InlineData("DK5000400440116243")]
    [InlineData("FI2112345600000785")] // its 14 digits pass Luhn: the old detector refused this IBAN
    [InlineData("DE89370400440532013000")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("acct 12345678901234567890123")] // longer than any card number
    public void Validate_IbanOrAccountPayee_IsNotMistakenForACardNumber(string payee) =>
        Assert.Empty((Valid with { Payee = payee, Description = "Payout to " + payee }).Validate());

    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("card: 378282246310005.")]
    [InlineData("tok_4242424242424242")]
    public void Validate_CardNumberAsPayee_IsRefused(string payee)
    {
        var error = Assert.Single((Valid with { Payee = payee }).Validate());

        Assert.Equal(("Payee", ValidationRules.NoCardNumber), (error.Field, error.Rule));
    }

    [Fact]
    public void Validate_KeyOfExactly255Characters_IsValid() =>
        Assert.Empty((Valid with { IdempotencyKey = new string('k', 255) }).Validate());

    [Fact]
    public void FromCardNumber_ValidPan_KeepsOnlyKeyedTokenBrandFirstSixAndLastFour()
    {
        var key = new byte[32];
        key[0] = 7;

        var instrument = PaymentInstrument.FromCardNumber("4242 4242 4242 4242", "visa", key);

        Assert.Equal(("424242", "4242", "visa", InstrumentKind.Card), (instrument.First6, instrument.Last4, instrument.Brand, instrument.Kind));
        Assert.StartsWith("tok_", instrument.Token, StringComparison.Ordinal);
        Assert.DoesNotContain("4242424242424242", instrument.ToString(), StringComparison.Ordinal);
        Assert.Equal(instrument.Token, PaymentInstrument.FromCardNumber("4242424242424242", "visa", key).Token);
        Assert.NotEqual(instrument.Token, PaymentInstrument.FromCardNumber("4242424242424242", "visa", new byte[32]).Token);
        Assert.Empty((Valid with { Payer = instrument }).Validate());
    }

    [Theory]
    [InlineData("4242424242424241", "cardNumber")] // fails Luhn
    [InlineData("42424242", "cardNumber")] // too short
    [InlineData("4242-4242-4242-4242", "cardNumber")] // not digits
    public void FromCardNumber_InvalidPan_ThrowsNamingTheField(string pan, string field)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.FromCardNumber(pan, "visa", new byte[32]));

        Assert.Equal((field, ValidationRules.CardNumber), (ex.Field, ex.Rule));
    }

    [Fact]
    public void FromCardNumber_ShortKey_IsRefused()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.FromCardNumber("4242424242424242", "visa", new byte[16]));

        Assert.Equal(("tokenKey", ValidationRules.MinimumLength), (ex.Field, ex.Rule));
    }

    [Fact]
    public void DifferingFields_ChangedAmountAndMetadata_NamesBothInOrder()
    {
        var other = Valid with { Amount = Money.FromMajor(10.06m, Currency.USD), Metadata = new Dictionary<string, string> { ["a"] = "b" } };

        Assert.Equal(["Amount", "Metadata"], Valid.DifferingFields(other));
        Assert.NotEqual(Valid, other);
    }

    [Fact]
    public void Equals_SameMetadataInDifferentDictionaries_IsEqual()
    {
        var a = Valid with { Metadata = new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" } };
        var b = Valid with { Metadata = new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
