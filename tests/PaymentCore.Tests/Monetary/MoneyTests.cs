using PaymentCore.Monetary;

namespace PaymentCore.Tests.Monetary;

public class MoneyTests
{
    private static readonly Currency USD = Currency.USD;
    private static readonly Currency EUR = Currency.EUR;
    private static readonly Currency JPY = Currency.JPY;
    private static readonly Currency KWD = Currency.KWD;
    private static readonly Currency CLF = Currency.CLF;

    // --- construction -------------------------------------------------------------------------------------

    [Fact]
    public void Constructor_ValidCurrency_KeepsMinorUnitsAndCurrency()
    {
        var money = new Money(1005, USD);

        Assert.Equal(1005, money.MinorUnits);
        Assert.Equal(USD, money.Currency);
    }

    [Fact]
    public void Constructor_DefaultCurrency_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Money(1, default));

        Assert.Equal("currency", ex.ParamName);
    }

    [Fact]
    public void Factories_DefaultCurrency_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Money.Zero(default));
        Assert.Throws<ArgumentException>(() => Money.FromMinor(5, default));
        Assert.Throws<ArgumentException>(() => Money.FromMajor(5m, default));
        Assert.Throws<ArgumentException>(() => Money.TryFromMajor(5m, default, out _));
        Assert.Throws<ArgumentException>(() => Money.Parse("5", default));
        Assert.Throws<ArgumentException>(() => Money.TryParse("5", default, out _));
    }

    [Fact]
    public void Zero_Currency_IsZeroInThatCurrency()
    {
        Money zero = Money.Zero(KWD);

        Assert.Equal(0, zero.MinorUnits);
        Assert.Equal(KWD, zero.Currency);
        Assert.True(zero.IsZero);
        Assert.False(zero.IsPositive);
        Assert.False(zero.IsNegative);
    }

    [Theory]
    [InlineData("10.05", "USD", 1005L)]
    [InlineData("10.50", "USD", 1050L)]
    [InlineData("10.5", "USD", 1050L)]
    [InlineData("-0.01", "USD", -1L)]
    [InlineData("100.0", "JPY", 100L)]
    [InlineData("1000", "JPY", 1000L)]
    [InlineData("1.234", "KWD", 1234L)]
    [InlineData("1.2340", "KWD", 1234L)]
    [InlineData("1.2345", "CLF", 12345L)]
    public void FromMajor_ExactAmount_GivesMinorUnits(string amount, string code, long expectedMinor)
    {
        Money money = Money.FromMajor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currency.FromCode(code));

        Assert.Equal(expectedMinor, money.MinorUnits);
    }

    [Theory]
    [InlineData("10.005", "USD", 2)]
    [InlineData("1.5", "JPY", 0)]
    [InlineData("1.2345", "KWD", 3)]
    [InlineData("0.00001", "CLF", 4)]
    [InlineData("-0.001", "USD", 2)]
    public void FromMajor_MorePrecisionThanCurrency_ThrowsNamingAmountCurrencyAndMinorUnits(string amount, string code, int minorUnits)
    {
        decimal value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var ex = Assert.Throws<ArgumentException>(() => Money.FromMajor(value, Currency.FromCode(code)));

        Assert.Equal("amount", ex.ParamName);
        Assert.Contains(amount, ex.Message);
        Assert.Contains(code, ex.Message);
        Assert.Contains($"{minorUnits} minor unit", ex.Message);
    }

    [Fact]
    public void FromMajor_OutOfLongRange_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => Money.FromMajor(92233720368547758.08m, USD));
        Assert.Throws<OverflowException>(() => Money.FromMajor(-92233720368547758.09m, USD));
        Assert.Throws<OverflowException>(() => Money.FromMajor(decimal.MaxValue, CLF));
    }

    [Fact]
    public void FromMajor_LongRangeLimits_AreExact()
    {
        Assert.Equal(long.MaxValue, Money.FromMajor(92233720368547758.07m, USD).MinorUnits);
        Assert.Equal(long.MinValue, Money.FromMajor(-92233720368547758.08m, USD).MinorUnits);
    }

    [Fact]
    public void TryFromMajor_TooPreciseOrTooLarge_ReturnsFalse()
    {
        Assert.False(Money.TryFromMajor(10.005m, USD, out Money tooPrecise));
        Assert.Equal(default, tooPrecise);
        Assert.False(Money.TryFromMajor(decimal.MaxValue, USD, out _));
        Assert.True(Money.TryFromMajor(10.05m, USD, out Money ok));
        Assert.Equal(new Money(1005, USD), ok);
    }

    [Theory]
    [InlineData(1005L, "USD", "10.05")]
    [InlineData(-50L, "EUR", "-0.50")]
    [InlineData(1000L, "JPY", "1000")]
    [InlineData(1234L, "KWD", "1.234")]
    [InlineData(12345L, "CLF", "1.2345")]
    [InlineData(long.MinValue, "USD", "-92233720368547758.08")]
    public void ToMajor_MinorUnits_IsExactWithCurrencyDecimals(long minor, string code, string expected)
    {
        decimal major = new Money(minor, Currency.FromCode(code)).ToMajor();

        Assert.Equal(expected, major.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void FromMajor_ToMajor_RoundTrips(long minor)
    {
        foreach (Currency currency in new[] { JPY, USD, KWD, CLF })
        {
            var money = new Money(minor, currency);

            Assert.Equal(money, Money.FromMajor(money.ToMajor(), currency));
        }
    }

    // --- parsing ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("10.05", "USD", 1005L)]
    [InlineData("-3", "USD", -300L)]
    [InlineData("+3", "USD", 300L)]
    [InlineData("1000", "JPY", 1000L)]
    [InlineData("10.500", "USD", 1050L)]
    [InlineData("007.1", "KWD", 7100L)]
    [InlineData("-0", "USD", 0L)]
    [InlineData("92233720368547758.07", "USD", long.MaxValue)]
    [InlineData("-92233720368547758.08", "USD", long.MinValue)]
    [InlineData("1.00000000000000000000000000000000", "USD", 100L)]
    public void Parse_PlainDecimal_GivesMinorUnits(string text, string code, long expectedMinor)
    {
        Currency currency = Currency.FromCode(code);

        Assert.Equal(new Money(expectedMinor, currency), Money.Parse(text, currency));
        Assert.True(Money.TryParse(text, currency, out Money parsed));
        Assert.Equal(expectedMinor, parsed.MinorUnits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData("1,000.00")]
    [InlineData("1e3")]
    [InlineData(" 10")]
    [InlineData("10 ")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("10,05")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("10.05 USD")]
    [InlineData("١٠")]
    public void Parse_NotPlainDecimal_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Money.Parse(text, USD));
        Assert.False(Money.TryParse(text, USD, out _));
    }

    [Theory]
    [InlineData("10.005", "USD")]
    [InlineData("1.5", "JPY")]
    [InlineData("1.2345", "KWD")]
    [InlineData("1.00000000000000000000000000001", "USD")]
    public void Parse_MorePrecisionThanCurrency_ThrowsArgumentException(string text, string code)
    {
        Currency currency = Currency.FromCode(code);

        var ex = Assert.Throws<ArgumentException>(() => Money.Parse(text, currency));

        Assert.IsNotType<FormatException>(ex);
        Assert.Contains(code, ex.Message);
        Assert.False(Money.TryParse(text, currency, out _));
    }

    [Fact]
    public void Parse_OutOfRange_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => Money.Parse("92233720368547758.08", USD));
        Assert.Throws<OverflowException>(() => Money.Parse("99999999999999999999999999999999", JPY));
        Assert.False(Money.TryParse("92233720368547758.08", USD, out _));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullAndTryParseReturnsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => Money.Parse(null!, USD));
        Assert.False(Money.TryParse(null, USD, out _));
    }

    // --- arithmetic ---------------------------------------------------------------------------------------

    [Fact]
    public void Operators_SameCurrency_Compute()
    {
        var a = new Money(1005, USD);
        var b = new Money(250, USD);

        Assert.Equal(new Money(1255, USD), a + b);
        Assert.Equal(new Money(755, USD), a - b);
        Assert.Equal(new Money(-1005, USD), -a);
        Assert.Equal(a, +a);
        Assert.Equal(new Money(3015, USD), a.Multiply(3));
        Assert.Equal(new Money(1005, USD), new Money(-1005, USD).Abs());
        Assert.Equal(b, Money.Min(a, b));
        Assert.Equal(a, Money.Max(a, b));
    }

    [Fact]
    public void Operators_MixedCurrencies_ThrowCurrencyMismatchNamingBoth()
    {
        var usd = new Money(100, USD);
        var eur = new Money(100, EUR);

        var ex = Assert.Throws<CurrencyMismatchException>(() => usd + eur);
        Assert.Equal(USD, ex.Expected);
        Assert.Equal(EUR, ex.Actual);
        Assert.Contains("USD", ex.Message);
        Assert.Contains("EUR", ex.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(ex);

        Assert.Throws<CurrencyMismatchException>(() => usd - eur);
        Assert.Throws<CurrencyMismatchException>(() => usd < eur);
        Assert.Throws<CurrencyMismatchException>(() => usd > eur);
        Assert.Throws<CurrencyMismatchException>(() => usd <= eur);
        Assert.Throws<CurrencyMismatchException>(() => usd >= eur);
        Assert.Throws<CurrencyMismatchException>(() => usd.CompareTo(eur));
        Assert.Throws<CurrencyMismatchException>(() => Money.Min(usd, eur));
        Assert.Throws<CurrencyMismatchException>(() => Money.Max(usd, eur));
    }

    [Fact]
    public void Equality_MixedCurrencies_IsFalseWithoutThrowing()
    {
        Assert.False(new Money(100, USD) == new Money(100, EUR));
        Assert.True(new Money(100, USD) != new Money(100, EUR));
        Assert.False(new Money(100, USD).Equals(new Money(100, EUR)));
    }

    [Fact]
    public void Operators_OverflowAtLongLimits_ThrowOverflow()
    {
        var max = new Money(long.MaxValue, USD);
        var min = new Money(long.MinValue, USD);
        var one = new Money(1, USD);

        Assert.Throws<OverflowException>(() => max + one);
        Assert.Throws<OverflowException>(() => min - one);
        Assert.Throws<OverflowException>(() => -min);
        Assert.Throws<OverflowException>(() => min.Abs());
        Assert.Throws<OverflowException>(() => max.Multiply(2));
        Assert.Throws<OverflowException>(() => min.Multiply(-1));
        Assert.Equal(new Money(-long.MaxValue, USD), -max);
    }

    [Fact]
    public void SignProperties_Amounts_ReflectSign()
    {
        Assert.True(new Money(1, USD).IsPositive);
        Assert.True(new Money(-1, USD).IsNegative);
        Assert.False(new Money(-1, USD).IsZero);
    }

    // --- rates --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1005L, "0.029", 29L)]      // 29.145 -> 29 (below half)
    [InlineData(1250L, "0.01", 12L)]       // 12.5 -> 12 (half, even)
    [InlineData(1350L, "0.01", 14L)]       // 13.5 -> 14 (half, even)
    [InlineData(-1250L, "0.01", -12L)]     // -12.5 -> -12
    [InlineData(-1350L, "0.01", -14L)]     // -13.5 -> -14
    [InlineData(1000L, "0.0255", 26L)]     // 25.5 -> 26
    [InlineData(1000L, "0.0245", 24L)]     // 24.5 -> 24
    [InlineData(10000L, "1.5", 15000L)]    // exact
    [InlineData(1005L, "-0.029", -29L)]    // negative rate
    public void MultiplyByRate_HalfToEven_RoundsToWholeMinorUnit(long minor, string rate, long expected)
    {
        Money result = new Money(minor, USD).MultiplyByRate(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new Money(expected, USD), result);
    }

    [Theory]
    [InlineData(MidpointRounding.AwayFromZero, 13L, -13L)]
    [InlineData(MidpointRounding.ToZero, 12L, -12L)]
    [InlineData(MidpointRounding.ToPositiveInfinity, 13L, -12L)]
    [InlineData(MidpointRounding.ToNegativeInfinity, 12L, -13L)]
    [InlineData(MidpointRounding.ToEven, 12L, -12L)]
    public void MultiplyByRate_RoundingMode_RoundsMidpointAsNamed(MidpointRounding mode, long half, long negativeHalf)
    {
        Assert.Equal(half, new Money(1250, USD).MultiplyByRate(0.01m, mode).MinorUnits);           // 12.5
        Assert.Equal(negativeHalf, new Money(-1250, USD).MultiplyByRate(0.01m, mode).MinorUnits);  // -12.5
    }

    [Theory]
    [InlineData(MidpointRounding.ToEven)]
    [InlineData(MidpointRounding.AwayFromZero)]
    [InlineData(MidpointRounding.ToZero)]
    [InlineData(MidpointRounding.ToPositiveInfinity)]
    [InlineData(MidpointRounding.ToNegativeInfinity)]
    public void MultiplyByRate_SmallProducts_AgreeWithMathRound(MidpointRounding mode)
    {
        // Where decimal holds the product exactly, Math.Round is the reference.
        foreach (long minor in new long[] { -1351, -1350, -1349, -1251, -1250, -1249, -1, 0, 1, 1249, 1250, 1251, 1349, 1350, 1351 })
        {
            foreach (decimal rate in new[] { 0.01m, 0.029m, -0.035m, 0.5m, 1.0001m })
            {
                long expected = (long)Math.Round(minor * rate, mode);

                Assert.Equal(expected, new Money(minor, USD).MultiplyByRate(rate, mode).MinorUnits);
            }
        }
    }

    [Fact]
    public void MultiplyByRate_ProductBeyondDecimalPrecision_IsStillExact()
    {
        // long.MaxValue * 0.5000000000000000000000000001 has more digits than decimal holds; the exact
        // product is 4611686018427387903.5000000000000000009..., which rounds up (above half).
        Money result = new Money(long.MaxValue, USD).MultiplyByRate(0.5000000000000000000000000001m);

        Assert.Equal(4611686018427387904L, result.MinorUnits);
    }

    [Fact]
    public void MultiplyByRate_ResultTooLarge_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue, USD).MultiplyByRate(2m));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue, USD).MultiplyByRate(-1m));
    }

    [Fact]
    public void MultiplyByRate_UndefinedMode_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Money(1, USD).MultiplyByRate(1m, (MidpointRounding)42));
    }

    // --- allocation ---------------------------------------------------------------------------------------

    [Fact]
    public void Allocate_EvenRatiosWithRemainder_GivesLeftoverToEarliest()
    {
        var parts = new Money(100, USD).Allocate(1, 1, 1);

        Assert.Equal(new long[] { 34, 33, 33 }, parts.Select(p => p.MinorUnits));
        Assert.All(parts, p => Assert.Equal(USD, p.Currency));
    }

    [Fact]
    public void Allocate_NegativeAmount_MirrorsPositive()
    {
        var parts = new Money(-100, USD).Allocate(1, 1, 1);

        Assert.Equal(new long[] { -34, -33, -33 }, parts.Select(p => p.MinorUnits));
    }

    [Fact]
    public void Allocate_LargestRemainder_NotEarliest_WinsLeftover()
    {
        // 10 by 1:2:3 -> exact 1.67, 3.33, 5: floors 1, 3, 5; leftover 1 goes to the first (remainder .67).
        Assert.Equal(new long[] { 2, 3, 5 }, new Money(10, USD).Allocate(1, 2, 3).Select(p => p.MinorUnits));

        // 5 by 3:3:4 -> exact 1.5, 1.5, 2: floors 1, 1, 2; the tie .5/.5 goes to the earliest.
        Assert.Equal(new long[] { 2, 1, 2 }, new Money(5, USD).Allocate(3, 3, 4).Select(p => p.MinorUnits));

        // 7 by 1:1:5 -> exact 1, 1, 5 exactly; no leftover.
        Assert.Equal(new long[] { 1, 1, 5 }, new Money(7, USD).Allocate(1, 1, 5).Select(p => p.MinorUnits));
    }

    [Fact]
    public void Allocate_ZeroRatio_GetsNothing()
    {
        var parts = new Money(101, USD).Allocate(0, 1, 0, 1);

        Assert.Equal(new long[] { 0, 51, 0, 50 }, parts.Select(p => p.MinorUnits));
    }

    [Fact]
    public void Allocate_HugeAmountsAndRatios_DoNotOverflowAndSumExactly()
    {
        // Exact shares of long.MaxValue = 2k + 1 by (max, max, 1): k + 0.25 twice and about 0.5; the single
        // leftover unit goes to the largest remainder, the last part.
        var max = new Money(long.MaxValue, USD).Allocate(long.MaxValue, long.MaxValue, 1);
        Assert.Equal(new long[] { long.MaxValue / 2, long.MaxValue / 2, 1 }, max.Select(p => p.MinorUnits));

        var min = new Money(long.MinValue, USD).Allocate(1, 1, 1);
        Assert.Equal(new long[] { -3074457345618258603, -3074457345618258603, -3074457345618258602 }, min.Select(p => p.MinorUnits));
    }

    [Fact]
    public void Allocate_SpanOverload_MatchesParams()
    {
        ReadOnlySpan<long> ratios = [50, 30, 20];

        Assert.Equal(new Money(999, EUR).Allocate(50, 30, 20), new Money(999, EUR).Allocate(ratios));
    }

    [Fact]
    public void Allocate_ZeroAmount_GivesZeros()
    {
        Assert.All(Money.Zero(JPY).Allocate(1, 2), p => Assert.True(p.IsZero));
    }

    [Theory]
    [InlineData(new long[0])]
    [InlineData(new long[] { 0, 0 })]
    [InlineData(new long[] { 1, -1 })]
    public void Allocate_InvalidRatios_ThrowsArgumentExceptionNamingRatios(long[] ratios)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Money(100, USD).Allocate(ratios));

        Assert.Equal("ratios", ex.ParamName);
    }

    [Fact]
    public void Allocate_NullArray_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Money(100, USD).Allocate((long[])null!));
    }

    // --- step ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1230L, 10L, true)]
    [InlineData(1234L, 10L, false)]
    [InlineData(-1230L, 10L, true)]
    [InlineData(0L, 10L, true)]
    [InlineData(long.MinValue, 1L, true)]
    public void IsMultipleOf_Step_ChecksDivisibility(long minor, long step, bool expected)
    {
        Assert.Equal(expected, new Money(minor, KWD).IsMultipleOf(step));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-10L)]
    public void IsMultipleOf_NonPositiveStep_ThrowsArgumentOutOfRange(long step)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Money(10, KWD).IsMultipleOf(step));
    }

    // --- formatting ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1005L, "USD", "10.05 USD", "10.05")]
    [InlineData(-50L, "EUR", "-0.50 EUR", "-0.50")]
    [InlineData(5L, "EUR", "0.05 EUR", "0.05")]
    [InlineData(0L, "USD", "0.00 USD", "0.00")]
    [InlineData(1000L, "JPY", "1000 JPY", "1000")]
    [InlineData(-7L, "JPY", "-7 JPY", "-7")]
    [InlineData(1234L, "KWD", "1.234 KWD", "1.234")]
    [InlineData(1L, "KWD", "0.001 KWD", "0.001")]
    [InlineData(12345L, "CLF", "1.2345 CLF", "1.2345")]
    [InlineData(-10000L, "CLF", "-1.0000 CLF", "-1.0000")]
    [InlineData(long.MinValue, "USD", "-92233720368547758.08 USD", "-92233720368547758.08")]
    public void ToString_Formats_UseExactlyTheCurrencyDecimals(long minor, string code, string general, string number)
    {
        var money = new Money(minor, Currency.FromCode(code));

        Assert.Equal(general, money.ToString());
        Assert.Equal(general, money.ToString("G", null));
        Assert.Equal(general, money.ToString(null, new System.Globalization.NumberFormatInfo { NumberDecimalSeparator = ",", NegativeSign = "~" }));
        Assert.Equal(number, money.ToString("N", null));
        Assert.Equal(general, $"{money}");
        Assert.Equal(number, $"{money:N}");
    }

    [Fact]
    public void ToString_UnknownFormat_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => new Money(1, USD).ToString("C", null));
        Assert.Throws<FormatException>(() => new Money(1, USD).ToString("N2", null));
    }

    [Fact]
    public void Default_NoCurrency_FormatsAndComparesWithoutThrowing()
    {
        Money none = default;

        Assert.Equal("0 (no currency)", none.ToString());
        Assert.Equal("0", none.ToString("N", null));
        Assert.True(none.Currency.IsDefault);
        Assert.Equal(default, none);
        Assert.NotEqual(Money.Zero(USD), none);
        Assert.Equal(0, none.CompareTo(default(Money)));
        Assert.Throws<CurrencyMismatchException>(() => none + Money.Zero(USD));
    }

    // --- contract -----------------------------------------------------------------------------------------

    [Fact]
    public void Equality_SameCurrencyAndAmount_KeepsContract()
    {
        ValueTypeContract.AssertEquality(
            new Money(1005, USD),
            Money.FromMajor(10.05m, USD),
            new Money(1006, USD),
            new Money(1005, EUR),
            new Money(-1005, USD),
            default);
    }

    [Fact]
    public void CompareTo_SameCurrency_KeepsContract()
    {
        ValueTypeContract.AssertComparison(
            new Money(-1, USD),
            new Money(1005, USD),
            Money.Parse("10.05", USD),
            new Money(long.MaxValue, USD));
    }

    [Fact]
    public void CompareTo_BoxedMismatchedCurrency_ThrowsCurrencyMismatch()
    {
        object boxed = new Money(1, EUR);

        Assert.Throws<CurrencyMismatchException>(() => new Money(1, USD).CompareTo(boxed));
    }
}
