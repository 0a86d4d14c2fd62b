using System.Text.Json;
using PaymentCore.Payments;

namespace PaymentCore.Tests.Payments;

public sealed class CardVerificationCodeTests
{
    [Theory]
    [InlineData("123")]
    [InlineData("0007")]
    public void Parse_ThreeOrFourAsciiDigits_KeepsThemAndMasksToString(string digits)
    {
        var code = CardVerificationCode.Parse(digits);

        Assert.Equal(digits, code.Reveal());
        Assert.Equal(digits.Length, code.Length);
        Assert.Equal(new string('*', digits.Length), code.ToString());
        Assert.Equal(new string('*', digits.Length), $"{code}");
    }

    [Theory]
    [InlineData("12", ValidationRules.Digits)]
    [InlineData("12345", ValidationRules.Digits)]
    [InlineData("12a", ValidationRules.Digits)]
    [InlineData("１２３", ValidationRules.Digits)] // full-width digits: not what a gateway takes
    [InlineData(" 123", ValidationRules.Digits)]
    [InlineData("", ValidationRules.Required)]
    [InlineData(null, ValidationRules.Required)]
    public void Parse_Malformed_ThrowsNamingTheFieldWithoutTheValue(string? value, string rule)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => CardVerificationCode.Parse(value));

        Assert.Equal(("Cvv", rule), (ex.Field, ex.Rule));
        Assert.False(CardVerificationCode.TryParse(value, out _));
        if (!string.IsNullOrWhiteSpace(value))
        {
            Assert.DoesNotContain(value.Trim(), ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Serialize_RefusedAloneAndInsideAnObject()
    {
        var code = CardVerificationCode.Parse("737");

        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(code));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new { Cvv = code }));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<CardVerificationCode>("\"737\""));
    }
}
