using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.Payments;

// The limits documented on PaymentRequest, each tested on both sides of its edge, and the messages that name
// the field and the allowed range (callers show them to developers).
public sealed class PaymentRequestValidatorTests
{
    private static readonly PaymentRequest Valid = PaymentFixture.Request();

    public static TheoryData<string, PaymentRequest> AtTheLimit() => new()
    {
        { "merchant of 128", Valid with { MerchantId = new string('m', 128) } },
        { "payee of 128", Valid with { Payee = new string('p', 128) } },
        { "token of 128", Valid with { Payer = TestInstruments.Approves with { Token = new string('t', 128) } } },
        { "brand of 32", Valid with { Payer = TestInstruments.Approves with { Brand = new string('b', 32) } } },
        { "amount of one minor unit", Valid with { Amount = Money.FromMinor(1, Currency.USD) } },
        { "description of 500", Valid with { Description = new string('d', 500) } },
        { "no description", Valid with { Description = null } },
        { "50 metadata entries", Valid with { Metadata = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v") } },
        { "metadata key of 40", Valid with { Metadata = new Dictionary<string, string> { [new string('k', 40)] = "v" } } },
        { "metadata value of 500", Valid with { Metadata = new Dictionary<string, string> { ["k"] = new string('v', 500) } } },
        { "metadata value empty", Valid with { Metadata = new Dictionary<string, string> { ["k"] = "" } } },
        { "space and the neighbours of DEL and C1", Valid with { Description = "a b ~ \u00a0 é\ttab\r\nnewline" } },
        { "account payer without card fields", Valid with { Payer = PaymentInstrument.Account("acct_payer") } },
        { "manual capture", Valid with { CaptureMode = CaptureMode.Manual } },
    };

    [Theory]
    [MemberData(nameof(AtTheLimit))]
    public void Validate_AtTheLimit_IsValid(string scenario, PaymentRequest request) =>
        Assert.True(request.Validate().Count == 0, $"{scenario}: {string.Join("; ", request.Validate())}");

    public static TheoryData<string, PaymentRequest, ValidationError> OverTheLimit() => new()
    {
        { "merchant of 129", Valid with { MerchantId = new string('m', 129) }, new("MerchantId", ValidationRules.MaximumLength, "MerchantId is 129 characters; at most 128 are allowed.") },
        { "payee of 129", Valid with { Payee = new string('p', 129) }, new("Payee", ValidationRules.MaximumLength, "Payee is 129 characters; at most 128 are allowed.") },
        { "token of 129", Valid with { Payer = TestInstruments.Approves with { Token = new string('t', 129) } }, new("Payer.Token", ValidationRules.MaximumLength, "Payer.Token is 129 characters; at most 128 are allowed.") },
        { "brand of 33", Valid with { Payer = TestInstruments.Approves with { Brand = new string('b', 33) } }, new("Payer.Brand", ValidationRules.MaximumLength, "Payer.Brand is 33 characters; at most 32 are allowed.") },
        { "key blank", Valid with { IdempotencyKey = " " }, new("IdempotencyKey", ValidationRules.Required, "IdempotencyKey is required and must not be blank or only invisible characters.") },
        { "unit separator", Valid with { MerchantId = "m\u001fm" }, new("MerchantId", ValidationRules.NoControlCharacters, "MerchantId must not contain control characters.") },
        { "NUL", Valid with { Payee = "p\u0000" }, new("Payee", ValidationRules.NoControlCharacters, "Payee must not contain control characters.") },
        { "DEL", Valid with { IdempotencyKey = "k\u007f" }, new("IdempotencyKey", ValidationRules.NoControlCharacters, "IdempotencyKey must not contain control characters.") },
        { "amount zero", Valid with { Amount = Money.Zero(Currency.USD) }, new("Amount", ValidationRules.Positive, $"The amount must be greater than zero; it is {Money.Zero(Currency.USD)}.") },
        { "amount without currency", Valid with { Amount = default }, new("Amount", ValidationRules.Currency, "The amount has no currency; create it with an ISO 4217 currency.") },
        { "payer missing", Valid with { Payer = null! }, new("Payer", ValidationRules.Required, "A payer instrument is required.") },
        { "first6 of 7", Valid with { Payer = TestInstruments.Approves with { First6 = "4242424" } }, new("Payer.First6", ValidationRules.Digits, "Payer.First6 must be exactly 6 digits.") },
        { "first6 missing", Valid with { Payer = TestInstruments.Approves with { First6 = null } }, new("Payer.First6", ValidationRules.Digits, "Payer.First6 must be exactly 6 digits.") },
        { "last4 not digits", Valid with { Payer = TestInstruments.Approves with { Last4 = "42a2" } }, new("Payer.Last4", ValidationRules.Digits, "Payer.Last4 must be exactly 4 digits.") },
        { "kind undefined", Valid with { Payer = TestInstruments.Approves with { Kind = (InstrumentKind)9 } }, new("Payer.Kind", ValidationRules.Defined, "'9' is not an instrument kind; use Card or Account.") },
        { "capture mode undefined", Valid with { CaptureMode = (CaptureMode)7 }, new("CaptureMode", ValidationRules.Defined, "'7' is not a capture mode; use Automatic or Manual.") },
        { "description of 501", Valid with { Description = new string('d', 501) }, new("Description", ValidationRules.MaximumLength, "The description is 501 characters; at most 500 are allowed.") },
        { "description too long holding a PAN", Valid with { Description = "4242424242424242 " + new string('d', 490) }, new("Description", ValidationRules.MaximumLength, "The description is 507 characters; at most 500 are allowed.") },
        { "description holding a PAN", Valid with { Description = "card 4242424242424242" }, new("Description", ValidationRules.NoCardNumber, "Description must not contain a card number; tokenize cards with PaymentInstrument.FromCardNumber (PCI DSS 3.4.1).") },
        { "payee holding a PAN", Valid with { Payee = "4242424242424242" }, new("Payee", ValidationRules.NoCardNumber, "Payee must not contain a card number; tokenize cards with PaymentInstrument.FromCardNumber (PCI DSS 3.4.1).") },
        { "51 metadata entries", Valid with { Metadata = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "4242424242424242") }, new("Metadata", ValidationRules.MaximumCount, "Metadata has 51 entries; at most 50 are allowed.") },
        { "metadata null", Valid with { Metadata = null! }, new("Metadata", ValidationRules.Required, "Metadata must not be null; leave it empty instead.") },
        { "metadata key blank", Valid with { Metadata = new Dictionary<string, string> { [" "] = "v" } }, new("Metadata[ ]", ValidationRules.Required, "Metadata keys must not be blank.") },
        { "metadata key of 41", Valid with { Metadata = new Dictionary<string, string> { [new string('k', 41)] = "v" } }, new("Metadata[" + new string('k', 40) + "…]", ValidationRules.MaximumLength, "The key is 41 characters; at most 40 are allowed.") },
        { "metadata value of 501", Valid with { Metadata = new Dictionary<string, string> { ["k"] = new string('v', 501) } }, new("Metadata[k]", ValidationRules.MaximumLength, "The value is 501 characters; at most 500 are allowed.") },
        { "metadata value null", Valid with { Metadata = new Dictionary<string, string> { ["k"] = null! } }, new("Metadata[k]", ValidationRules.Required, "Metadata values must not be null.") },
        { "metadata value holding a PAN", Valid with { Metadata = new Dictionary<string, string> { ["k"] = "4242424242424242" } }, new("Metadata[k]", ValidationRules.NoCardNumber, "Metadata[k] must not contain a card number; tokenize cards with PaymentInstrument.FromCardNumber (PCI DSS 3.4.1).") },
    };

    [Theory]
    [MemberData(nameof(OverTheLimit))]
    public void Validate_OverTheLimit_ReportsExactlyThatError(string scenario, PaymentRequest request, ValidationError expected)
    {
        var errors = request.Validate();

        Assert.True(errors.Count == 1 && errors[0] == expected, $"{scenario}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Validate_MetadataKeyOfExactly40_IsNamedInFullWithoutEllipsis()
    {
        var key = new string('k', 40);

        var error = Assert.Single((Valid with { Metadata = new Dictionary<string, string> { [key] = "4242424242424242" } }).Validate());

        Assert.Equal($"Metadata[{key}]", error.Field);
    }

    [Fact]
    public void Validate_MetadataKeyAndValueBothBroken_ReportsBoth()
    {
        var errors = (Valid with { Metadata = new Dictionary<string, string> { [""] = null! } }).Validate();

        Assert.Equal([("Metadata[]", ValidationRules.Required), ("Metadata[]", ValidationRules.Required)], errors.Select(e => (e.Field, e.Rule)));
        Assert.Equal(["Metadata keys must not be blank.", "Metadata values must not be null."], errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_BrokenMetadataEntries_AreEachReported()
    {
        var errors = (Valid with { Metadata = new Dictionary<string, string> { ["a"] = null!, ["b"] = "ok", ["c"] = new string('v', 501) } }).Validate();

        Assert.Equal(["Metadata[a]", "Metadata[c]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_TokenThatIsAPanAndTooLong_ReportsTheLengthOnly()
    {
        // One error per field: the length is checked first, so an unbounded value is never scanned.
        var errors = (Valid with { Payer = TestInstruments.Approves with { Token = "4242424242424242 " + new string('t', 120) } }).Validate();

        Assert.Equal([ValidationRules.MaximumLength], errors.Select(e => e.Rule));
    }

    [Fact]
    public void Validate_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => PaymentRequestValidator.Validate(null!));

    [Fact]
    public void ValidateOperationAmount_ExactlyTheRemainingAndOneUnit_AreAccepted()
    {
        // The boundary is the value under test: exactly what is left, and the smallest unit, pass; one unit more
        // and zero are refused (BadOperationAmounts below).
        Assert.Null(Record.Exception(() => PaymentRequestValidator.ValidateOperationAmount(Money.FromMinor(100, Currency.USD), Money.FromMinor(100, Currency.USD), "refund")));
        Assert.Null(Record.Exception(() => PaymentRequestValidator.ValidateOperationAmount(Money.FromMinor(1, Currency.USD), Money.FromMinor(100, Currency.USD), "refund")));
    }

    public static TheoryData<Money, ValidationError> BadOperationAmounts() => new()
    {
        { Money.FromMinor(101, Currency.USD), new("Amount", ValidationRules.WithinRemaining, $"The refund of {Money.FromMinor(101, Currency.USD)} exceeds the {Money.FromMinor(100, Currency.USD)} left to refund.") },
        { Money.FromMinor(1, Currency.EUR), new("Amount", ValidationRules.SameCurrency, "The refund is in EUR but the payment is in USD.") },
        { Money.FromMinor(101, Currency.EUR), new("Amount", ValidationRules.SameCurrency, "The refund is in EUR but the payment is in USD.") },
        { Money.Zero(Currency.USD), new("Amount", ValidationRules.Positive, $"The amount must be greater than zero; it is {Money.Zero(Currency.USD)}.") },
        { Money.FromMinor(-5, Currency.EUR), new("Amount", ValidationRules.Positive, $"The amount must be greater than zero; it is {Money.FromMinor(-5, Currency.EUR)}.") },
        { default, new("Amount", ValidationRules.Currency, "The amount has no currency; create it with an ISO 4217 currency.") },
    };

    [Theory]
    [MemberData(nameof(BadOperationAmounts))]
    public void ValidateOperationAmount_BadAmount_ThrowsOneError(Money amount, ValidationError expected)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentRequestValidator.ValidateOperationAmount(amount, Money.FromMinor(100, Currency.USD), "refund"));

        Assert.Equal([expected], ex.Errors);
    }
}
