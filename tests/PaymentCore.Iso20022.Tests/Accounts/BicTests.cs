using PaymentCore.Iso20022.Accounts;

namespace PaymentCore.Iso20022.Tests.Accounts;

public class BicTests
{
    [Theory]
    [InlineData("DEUTDEFF")]
    [InlineData("DEUTDEFF500")]
    [InlineData("NWBKGB2L")]
    [InlineData("UBSWCHZH80A")]
    [InlineData("COBADEFFXXX")]
    public void IsValid_WellFormed_True(string bic) => Assert.True(Bic.IsValid(bic));

    [Theory]
    [InlineData(null, "The BIC is empty.")]
    [InlineData("", "The BIC is empty.")]
    [InlineData("DEUTDE", "The BIC 'DEUTDE' has 6 characters; a BIC has 8 or 11 (ISO 9362).")]
    [InlineData("DEUTDEFF5", "The BIC 'DEUTDEFF5' has 9 characters; a BIC has 8 or 11 (ISO 9362).")]
    [InlineData("DEU1DEFF", "The BIC 'DEU1DEFF' must start with six upper-case letters (institution and country code).")]
    [InlineData("deutdeff", "The BIC 'deutdeff' must start with six upper-case letters (institution and country code).")]
    [InlineData("DEUTD1FF", "The BIC 'DEUTD1FF' must start with six upper-case letters (institution and country code).")]
    [InlineData("DEUTDEF-", "The BIC 'DEUTDEF-' has '-' in its location or branch code; only A-Z and 0-9 are allowed.")]
    [InlineData("DEUTDEFF50a", "The BIC 'DEUTDEFF50a' has 'a' in its location or branch code; only A-Z and 0-9 are allowed.")]
    public void TryValidate_Malformed_SaysWhy(string? bic, string expected)
    {
        Assert.False(Bic.TryValidate(bic, out string? error));
        Assert.Equal(expected, error);
        Assert.False(Bic.IsValid(bic));
    }
}
