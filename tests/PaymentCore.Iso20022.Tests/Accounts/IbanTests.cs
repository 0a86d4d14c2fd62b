using PaymentCore.Iso20022.Accounts;

namespace PaymentCore.Iso20022.Tests.Accounts;

public class IbanTests
{
    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89370400440532013000")]
    [InlineData("CH9300762011623852957")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("BE68539007547034")]
    [InlineData("NO9386011117947")]
    [InlineData("KW81CBKU0000000000001234560101")]
    [InlineData("LC55HEMM000100010012001200023015")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    public void TryValidate_OfficialExamples_Valid(string iban)
    {
        Assert.True(Iban.TryValidate(iban, out string? error));
        Assert.Null(error);
        Assert.True(Iban.IsValid(iban));
    }

    [Theory]
    [InlineData(null, "The IBAN is empty.")]
    [InlineData("", "The IBAN is empty.")]
    [InlineData("   ", "The IBAN is empty.")]
    [InlineData("GB82", "The IBAN 'GB82' is too short.")]
    [InlineData("gb82west12345698765432", "The IBAN 'gb82west12345698765432' contains 'g'; only upper-case letters A-Z, digits and spaces are allowed (ISO 13616).")]
    [InlineData("GB82-WEST-1234", "The IBAN 'GB82-WEST-1234' contains '-'; only upper-case letters A-Z, digits and spaces are allowed (ISO 13616).")]
    [InlineData("1282WEST12345698765432", "The IBAN '1282WEST12345698765432' does not start with a two-letter country code.")]
    [InlineData("GBX2WEST12345698765432", "The IBAN 'GBX2WEST12345698765432' does not have two check digits after the country code.")]
    [InlineData("ZZ82WEST12345698765432", "The IBAN 'ZZ82WEST12345698765432' has country code 'ZZ', which is not in the IBAN registry.")]
    [InlineData("GB82WEST1234569876543", "The IBAN 'GB82WEST1234569876543' has 21 characters; IBANs of GB have 22.")]
    [InlineData("DE89370400440532013001", "The IBAN 'DE89370400440532013001' fails the ISO 7064 MOD 97-10 check: a character is wrong or two are swapped.")]
    [InlineData("GB28WEST12345698765432", "The IBAN 'GB28WEST12345698765432' fails the ISO 7064 MOD 97-10 check: a character is wrong or two are swapped.")]
    [InlineData("GB01WEST12345698765432", "The IBAN 'GB01WEST12345698765432' has check digits 01; only 02 to 98 are allowed.")]
    public void TryValidate_Invalid_SaysWhy(string? iban, string expected)
    {
        Assert.False(Iban.TryValidate(iban, out string? error));
        Assert.Equal(expected, error);
        Assert.False(Iban.IsValid(iban));
    }

    [Fact]
    public void TryValidate_CheckDigits99_RefusedAlthoughModulusWouldPass()
    {
        // 99 = 2 (mod 97): a BBAN whose check digits are 02 also passes the modulus with 99; ISO 13616 forbids 99.
        string? valid = null;
        for (int n = 0; valid is null; n++)
        {
            string candidate = $"GB02WEST{n:D14}";
            if (Iban.IsValid(candidate))
            {
                valid = candidate;
            }
        }

        string with99 = "GB99" + valid[4..];

        Assert.False(Iban.TryValidate(with99, out string? error));
        Assert.Equal($"The IBAN '{with99}' has check digits 99; only 02 to 98 are allowed.", error);
    }

    [Fact]
    public void Normalize_PaperFormat_RemovesSpacesOnly()
    {
        Assert.Equal("CH9300762011623852957", Iban.Normalize("CH93 0076 2011 6238 5295 7"));
        Assert.Equal("ch93", Iban.Normalize("ch 93"));
    }

    [Fact]
    public void RegisteredLengths_KnownCountries_MatchRegistry()
    {
        Assert.Equal(22, Iban.RegisteredLengths["DE"]);
        Assert.Equal(15, Iban.RegisteredLengths["NO"]);
        Assert.Equal(32, Iban.RegisteredLengths["LC"]);
        Assert.Equal(33, Iban.RegisteredLengths["RU"]);
        Assert.False(Iban.RegisteredLengths.ContainsKey("US"));
    }
}
