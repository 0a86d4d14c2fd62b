using PaymentCore.Monetary;

namespace PaymentCore.Tests.Monetary;

public class CurrencyTests
{
    [Theory]
    [InlineData("JPY", 392, 0, 1L)]
    [InlineData("KRW", 410, 0, 1L)]
    [InlineData("ISK", 352, 0, 1L)]
    [InlineData("CLP", 152, 0, 1L)]
    [InlineData("USD", 840, 2, 100L)]
    [InlineData("EUR", 978, 2, 100L)]
    [InlineData("KWD", 414, 3, 1000L)]
    [InlineData("BHD", 48, 3, 1000L)]
    [InlineData("TND", 788, 3, 1000L)]
    [InlineData("CLF", 990, 4, 10000L)]
    [InlineData("UYW", 927, 4, 10000L)]
    public void FromCode_CurrentCode_HasIsoNumericCodeAndExponent(string code, int numeric, int minorUnits, long perMajor)
    {
        Currency currency = Currency.FromCode(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(numeric, currency.NumericCode);
        Assert.Equal(minorUnits, currency.MinorUnits);
        Assert.Equal(perMajor, currency.MinorUnitsPerMajor);
        Assert.False(currency.IsDefault);
    }

    [Fact]
    public void StaticProperties_CommonCurrencies_MatchFromCode()
    {
        Assert.Equal(Currency.FromCode("USD"), Currency.USD);
        Assert.Equal("US Dollar", Currency.USD.Name);
        Assert.Equal(0, Currency.JPY.MinorUnits);
        Assert.Equal(3, Currency.KWD.MinorUnits);
        Assert.Equal(3, Currency.OMR.MinorUnits);
        Assert.Equal(3, Currency.JOD.MinorUnits);
        Assert.Equal(3, Currency.IQD.MinorUnits);
        Assert.Equal(3, Currency.LYD.MinorUnits);
        Assert.Equal(4, Currency.CLF.MinorUnits);
        Assert.Equal(4, Currency.UYW.MinorUnits);
        Assert.Equal(826, Currency.GBP.NumericCode);
        Assert.Equal("HKD", Currency.HKD.Code);
    }

    [Fact]
    public void All_Always_IsSortedWithoutDuplicates()
    {
        var codes = Currency.All.Select(c => c.Code).ToList();

        Assert.Equal(codes.Distinct(StringComparer.Ordinal).Count(), codes.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.True(codes.Count > 150, $"only {codes.Count} currencies");
        Assert.Contains("USD", codes);
        Assert.Contains("EUR", codes);
    }

    [Theory]
    [InlineData("XAU")]
    [InlineData("XAG")]
    [InlineData("XTS")]
    [InlineData("XXX")]
    [InlineData("XDR")]
    [InlineData("DEM")]
    [InlineData("FRF")]
    [InlineData("HRK")]
    [InlineData("VEF")]
    public void All_NotACurrencyOrWithdrawnCode_IsAbsent(string code)
    {
        Assert.DoesNotContain(Currency.All, c => c.Code == code);
    }

    [Fact]
    public void All_EveryEntry_IsUsableWithAnIsoExponent()
    {
        foreach (Currency currency in Currency.All)
        {
            Assert.Equal(currency, Currency.FromCode(currency.Code));
            Assert.InRange(currency.MinorUnits, 0, 4);
            Assert.Matches("^[A-Z]{3}$", currency.Code);
            Assert.NotEqual(string.Empty, currency.Name);
        }
    }

    [Fact]
    public void FromCode_UnknownCode_ThrowsUnknownCurrencyNamingTheCode()
    {
        var ex = Assert.Throws<UnknownCurrencyException>(() => Currency.FromCode("ABC"));

        Assert.Equal("ABC", ex.Code);
        Assert.Equal("code", ex.ParamName);
        Assert.Contains("'ABC'", ex.Message);
        Assert.Contains("unknown", ex.Message);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void FromCode_LowerCase_ThrowsAndSuggestsUpperCase()
    {
        var ex = Assert.Throws<UnknownCurrencyException>(() => Currency.FromCode("usd"));

        Assert.Equal("usd", ex.Code);
        Assert.Contains("upper case", ex.Message);
        Assert.Contains("'USD'", ex.Message);
    }

    [Theory]
    [InlineData("XAU", "Gold")]
    [InlineData("XTS", "testing")]
    [InlineData("XXX", "no currency")]
    public void FromCode_NotApplicableMinorUnits_ThrowsNotACurrency(string code, string namePart)
    {
        var ex = Assert.Throws<UnknownCurrencyException>(() => Currency.FromCode(code));

        Assert.Equal(code, ex.Code);
        Assert.Contains("not a currency", ex.Message);
        Assert.Contains("N.A.", ex.Message);
        Assert.Contains(namePart, ex.Message);
    }

    [Theory]
    [InlineData("DEM", "Deutsche Mark", "2002-03")]
    [InlineData("HRK", "Kuna", "2023-01")]
    public void FromCode_WithdrawnCode_ThrowsWithdrawnWithDate(string code, string namePart, string date)
    {
        var ex = Assert.Throws<UnknownCurrencyException>(() => Currency.FromCode(code));

        Assert.Equal(code, ex.Code);
        Assert.Contains("withdrawn", ex.Message);
        Assert.Contains(namePart, ex.Message);
        Assert.Contains(date, ex.Message);
    }

    [Fact]
    public void FromCode_Null_ThrowsArgumentNull()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => Currency.FromCode(null!));

        Assert.Equal("code", ex.ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("XAU")]
    [InlineData("DEM")]
    public void TryFromCode_NotACurrentCode_ReturnsFalseAndDefault(string? code)
    {
        Assert.False(Currency.TryFromCode(code, out Currency currency));
        Assert.True(currency.IsDefault);
    }

    [Fact]
    public void TryFromCode_CurrentCode_ReturnsCurrency()
    {
        Assert.True(Currency.TryFromCode("KWD", out Currency currency));
        Assert.Equal(Currency.KWD, currency);
    }

    [Fact]
    public void Default_NoCurrency_HasEmptyCodeAndEqualsOnlyDefault()
    {
        Currency none = default;

        Assert.True(none.IsDefault);
        Assert.Equal(string.Empty, none.Code);
        Assert.Equal(string.Empty, none.ToString());
        Assert.Equal(0, none.MinorUnits);
        Assert.Equal(1, none.MinorUnitsPerMajor);
        Assert.True(none == default(Currency));
        Assert.True(none != Currency.USD);
        Assert.True(none.CompareTo(Currency.AUD) < 0);
    }

    [Fact]
    public void ToString_Always_ReturnsCode()
    {
        Assert.Equal("EUR", Currency.EUR.ToString());
    }

    [Fact]
    public void Equality_ByCode_KeepsContract()
    {
        ValueTypeContract.AssertEquality(Currency.USD, Currency.FromCode("USD"), Currency.EUR, default);
    }

    [Fact]
    public void CompareTo_ByCodeOrdinal_KeepsContract()
    {
        ValueTypeContract.AssertComparison(Currency.EUR, Currency.JPY, Currency.FromCode("JPY"), Currency.USD);
    }

    [Fact]
    public void Size_Always_IsOnePointer()
    {
        Assert.Equal(IntPtr.Size, System.Runtime.CompilerServices.Unsafe.SizeOf<Currency>());
    }
}
