using PaymentCore.Payments;

namespace PaymentCore.Tests.Payments;

public sealed class PaymentValidationExceptionTests
{
    private static readonly ValidationError KeyMissing = new("IdempotencyKey", ValidationRules.Required, "IdempotencyKey is required.");
    private static readonly ValidationError AmountZero = new("Amount", ValidationRules.Positive, "The amount must be greater than zero.");

    [Fact]
    public void Constructor_OneError_NamesItsFieldRuleAndMessage()
    {
        var ex = new PaymentValidationException(KeyMissing);

        Assert.Equal(("IdempotencyKey", ValidationRules.Required, "IdempotencyKey"), (ex.Field, ex.Rule, ex.ParamName));
        Assert.Equal([KeyMissing], ex.Errors);
        Assert.StartsWith("Invalid payment request: IdempotencyKey: IdempotencyKey is required. [required]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SeveralErrors_CountsThemAndReportsTheFirstField()
    {
        var ex = new PaymentValidationException([AmountZero, KeyMissing]);

        Assert.Equal(("Amount", ValidationRules.Positive, "Amount"), (ex.Field, ex.Rule, ex.ParamName));
        Assert.Equal([AmountZero, KeyMissing], ex.Errors);
        Assert.StartsWith($"Invalid payment request (2 errors): {AmountZero}; {KeyMissing}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoErrors_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PaymentValidationException(Array.Empty<ValidationError>()));

        Assert.Equal("errors", ex.ParamName);
    }

    [Fact]
    public void Constructor_NullList_IsRefused() =>
        Assert.Throws<ArgumentNullException>(() => new PaymentValidationException((IReadOnlyList<ValidationError>)null!));
}
