using PaymentCore.ExchangeRates;
using PaymentCore.Monetary;

namespace PaymentCore.Tests.ExchangeRates;

public sealed class ExchangeRateQuoteTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("EUR", 10000L, "CHF", "0.94125", 9412L)]   // 94.125 CHF: half to even, down
    [InlineData("EUR", 10000L, "CHF", "0.94135", 9414L)]   // 94.135 CHF: half to even, up
    [InlineData("EUR", 10000L, "CHF", "0.941251", 9413L)]  // above half: up
    [InlineData("JPY", 1000L, "EUR", "0.0061235", 612L)]   // 6.1235 EUR: exponent 0 -> 2
    [InlineData("EUR", 12345L, "JPY", "162.37", 20045L)]   // 20044.5765 JPY -> 20045: exponent 2 -> 0
    [InlineData("KWD", 1234L, "USD", "3.2512", 401L)]      // 1.234 KWD = 4.01198... USD: exponent 3 -> 2
    [InlineData("USD", 100L, "CLF", "0.0254", 254L)]       // 1 USD = 0.0254 CLF: exponent 2 -> 4
    public void Convert_ScalesToTheTargetExponentAndRoundsOnceHalfToEven(string from, long minor, string to, string rate, long expectedMinor)
    {
        var quote = new ExchangeRateQuote(Currency.FromCode(from), Currency.FromCode(to), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), "test desk", At);

        var converted = quote.Convert(Money.FromMinor(minor, Currency.FromCode(from)));

        Assert.Equal(Money.FromMinor(expectedMinor, Currency.FromCode(to)), converted);
    }

    [Fact]
    public async Task ProcessBatchAsync_RateWithTenDecimals_IsNotRefusedAsACardNumberInTheMetadata()
    {
        var f = new PaymentCore.Tests.Batch.BatchFixture();
        var batches = new PaymentCore.Batch.BatchProcessor(f.Processor, null, f.Time, new Fixed(1.9876543217m));
        var items = new List<PaymentCore.Batch.BatchItem> { PaymentCore.Tests.Batch.BatchFixture.Item("E-1", Money.FromMajor(100m, Currency.EUR)) with { TransferCurrency = Currency.USD } };

        var summary = await batches.ProcessBatchAsync(PaymentCore.Tests.Batch.BatchFixture.Header(items), new PaymentCore.Tests.Batch.ListSource(items));

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(Money.FromMinor(19877, Currency.USD), Assert.Single(f.Store.Snapshot()).Captured);
    }

    [Fact]
    public void Convert_AmountInAnotherCurrency_Throws()
    {
        var quote = new ExchangeRateQuote(Currency.EUR, Currency.CHF, 0.94m, "desk", At);

        var ex = Assert.Throws<CurrencyMismatchException>(() => quote.Convert(Money.FromMinor(1, Currency.USD)));

        Assert.Contains("EUR into CHF", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("0.00000000001")]
    [InlineData("1000000000")]
    public void Constructor_BadRate_ThrowsNamingTheRate(string rate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ExchangeRateQuote(Currency.EUR, Currency.CHF, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), "desk", At));

        Assert.Equal("rate", ex.ParamName);
    }

    [Fact]
    public void Constructor_SameCurrencyOrBlankSource_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ExchangeRateQuote(Currency.EUR, Currency.EUR, 1m, "desk", At));
        Assert.Throws<ArgumentException>(() => new ExchangeRateQuote(Currency.EUR, Currency.CHF, 1m, " ", At));
        Assert.Throws<ArgumentException>(() => new ExchangeRateQuote(Currency.EUR, Currency.CHF, 1m, "a\u0000b", At));
    }

    private sealed class Fixed(decimal rate) : IExchangeRateProvider
    {
        public ValueTask<ExchangeRateQuote?> QuoteAsync(Currency from, Currency to, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ExchangeRateQuote?>(new ExchangeRateQuote(from, to, rate, "desk", At));
    }
}
