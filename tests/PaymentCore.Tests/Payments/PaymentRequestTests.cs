using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.Payments;

// PaymentRequest.Equals and DifferingFields decide whether a replay under the same idempotency key is the same
// payment: a field they ignore lets a changed request pass as a replay.
public sealed class PaymentRequestTests
{
    private static readonly PaymentRequest Valid = PaymentFixture.Request() with { Metadata = new Dictionary<string, string> { ["order"] = "1" } };

    public static TheoryData<string, PaymentRequest> OneFieldChanged() => new()
    {
        { "IdempotencyKey", Valid with { IdempotencyKey = "order-2" } },
        { "MerchantId", Valid with { MerchantId = "merchant-2" } },
        { "Amount", Valid with { Amount = Money.FromMajor(10.05m, Currency.EUR) } },
        { "Payer", Valid with { Payer = TestInstruments.Stolen } },
        { "Payee", Valid with { Payee = "acct_other" } },
        { "CaptureMode", Valid with { CaptureMode = CaptureMode.Manual } },
        { "Description", Valid with { Description = null } },
        { "Metadata", Valid with { Metadata = new Dictionary<string, string> { ["order"] = "2" } } },
        { "Metadata", Valid with { Metadata = new Dictionary<string, string> { ["Order"] = "1" } } },
        { "Metadata", Valid with { Metadata = new Dictionary<string, string> { ["order"] = "1", ["x"] = "y" } } },
        { "Metadata", Valid with { Metadata = new Dictionary<string, string>() } },
        { "Metadata", Valid with { Metadata = null! } },
    };

    [Theory]
    [MemberData(nameof(OneFieldChanged))]
    public void DifferingFields_OneFieldChanged_NamesOnlyThatField(string field, PaymentRequest other)
    {
        Assert.Equal([field], Valid.DifferingFields(other));
        Assert.Equal([field], other.DifferingFields(Valid));
        Assert.False(Valid.Equals(other));
    }

    [Fact]
    public void DifferingFields_EqualCopy_IsEmpty()
    {
        var copy = Valid with { Metadata = new Dictionary<string, string> { ["order"] = "1" } };

        Assert.Empty(Valid.DifferingFields(copy));
        Assert.True(Valid.Equals(copy));
        Assert.Equal(Valid.GetHashCode(), copy.GetHashCode());
    }

    [Fact]
    public void DifferingFields_EveryField_InDeclarationOrder()
    {
        var other = new PaymentRequest
        {
            IdempotencyKey = "k",
            MerchantId = "m",
            Amount = Money.FromMinor(1, Currency.JPY),
            Payer = PaymentInstrument.Account("acct"),
            Payee = "p",
            CaptureMode = CaptureMode.Manual,
            Description = "d",
        };

        Assert.Equal(["IdempotencyKey", "MerchantId", "Amount", "Payer", "Payee", "CaptureMode", "Description", "Metadata"], Valid.DifferingFields(other));
    }

    [Fact]
    public void Equals_NullOrSameInstance_AnswersWithoutComparing()
    {
        var withNullMetadata = Valid with { Metadata = null! };

        Assert.False(Valid.Equals(null));
        Assert.True(withNullMetadata.Equals(withNullMetadata));
        Assert.True(withNullMetadata.Equals(withNullMetadata with { }));
    }

    [Fact]
    public void DifferingFields_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => Valid.DifferingFields(null!));

    [Fact]
    public void CaptureMode_NotSet_IsAutomaticAndMetadataEmpty()
    {
        var request = new PaymentRequest { IdempotencyKey = "k", MerchantId = "m", Amount = Money.FromMinor(1, Currency.USD), Payer = TestInstruments.Approves, Payee = "p" };

        Assert.Equal(CaptureMode.Automatic, request.CaptureMode);
        Assert.Empty(request.Metadata);
    }
}
