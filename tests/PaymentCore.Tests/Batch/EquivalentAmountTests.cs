using PaymentCore.Batch;
using PaymentCore.ExchangeRates;
using PaymentCore.Monetary;

namespace PaymentCore.Tests.Batch;

/// <summary>Issue 15: items given as an equivalent amount (pain.001 EqvtAmt) are converted at a locked quote, or rejected alone.</summary>
public sealed class EquivalentAmountTests
{
    private static readonly DateTimeOffset QuotedAt = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ProcessBatchAsync_NoProvider_EquivalentItemRejectedAm03AndTheBatchGoesOn()
    {
        var f = new BatchFixture();
        var items = new List<BatchItem>
        {
            BatchFixture.Item("E-1", Money.FromMajor(10m, Currency.EUR)),
            BatchFixture.Item("E-FX", Money.FromMajor(100m, Currency.EUR)) with { TransferCurrency = Currency.CHF },
            BatchFixture.Item("E-3", Money.FromMajor(10m, Currency.EUR)),
        };
        var results = new List<BatchItemResult>();

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(BatchStatus.PartiallyAccepted, summary.Status);
        var fx = Assert.Single(results, r => r.Item.EndToEndId == "E-FX");
        Assert.Equal(BatchItemStatus.Rejected, fx.Status);
        Assert.Equal(BatchReasonCodes.NotAllowedCurrency, fx.ReasonCode);
        Assert.Contains("no exchange rate provider is configured", fx.Reason, StringComparison.Ordinal);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, f.Store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_WithProvider_PaysTheConvertedAmountAndKeepsTheQuoteInTheRecord()
    {
        var f = new BatchFixture();
        var rates = new FixedRates(0.94125m);
        var batches = new BatchProcessor(f.Processor, null, f.Time, rates);
        var items = new List<BatchItem> { BatchFixture.Item("E-FX", Money.FromMajor(100m, Currency.EUR)) with { TransferCurrency = Currency.CHF } };
        var results = new List<BatchItemResult>();

        var summary = await batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(BatchStatus.Accepted, summary.Status);
        var result = Assert.Single(results);
        Assert.Equal(Money.FromMinor(9412, Currency.CHF), Assert.Single(f.Store.Snapshot()).Captured);
        Assert.Equal(0.94125m, result.ExchangeRate!.Rate);
        var metadata = Assert.Single(f.Store.Snapshot()).Request.Metadata;
        Assert.Equal("EUR/CHF", metadata["fx.pair"]);
        Assert.Equal("0.94125", metadata["fx.rate"]);
        Assert.Equal("test desk", metadata["fx.source"]);
        Assert.Equal(QuotedAt, DateTimeOffset.Parse(metadata["fx.quotedAt"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ProcessBatchAsync_RerunAfterTheRateMoved_ReplaysAtTheLockedQuoteAndAsksNoNewRate()
    {
        var f = new BatchFixture();
        var rates = new FixedRates(0.94125m);
        var batches = new BatchProcessor(f.Processor, null, f.Time, rates);
        var items = new List<BatchItem> { BatchFixture.Item("E-FX", Money.FromMajor(100m, Currency.EUR)) with { TransferCurrency = Currency.CHF } };
        await batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));
        rates.Rate = 0.99m;
        var results = new List<BatchItemResult>();

        var again = await batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(1, again.Replayed);
        var result = Assert.Single(results);
        Assert.Equal(BatchItemStatus.Succeeded, result.Status);
        Assert.Equal(Money.FromMinor(9412, Currency.CHF), Assert.Single(f.Store.Snapshot()).Captured);
        Assert.Equal(1, rates.Calls);
        Assert.Equal(1, f.Authorizer.Authorizations);
    }

    [Fact]
    public async Task ProcessBatchAsync_ProviderHasNoRate_RejectedAm03()
    {
        var f = new BatchFixture();
        var batches = new BatchProcessor(f.Processor, null, f.Time, new FixedRates(null));
        var items = new List<BatchItem> { BatchFixture.Item("E-FX", Money.FromMajor(100m, Currency.EUR)) with { TransferCurrency = Currency.CHF } };
        var results = new List<BatchItemResult>();

        await batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal("No exchange rate from EUR to CHF is available.", Assert.Single(results).Reason);
        Assert.Equal(0, f.Store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_TransferCurrencyEqualsAmountCurrency_PaidAsWrittenWithoutAQuote()
    {
        var f = new BatchFixture();
        var rates = new FixedRates(2m);
        var batches = new BatchProcessor(f.Processor, null, f.Time, rates);
        var items = new List<BatchItem> { BatchFixture.Item("E-1", Money.FromMajor(100m, Currency.EUR)) with { TransferCurrency = Currency.EUR } };

        var summary = await batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(0, rates.Calls);
        Assert.Equal(Money.FromMajor(100m, Currency.EUR), Assert.Single(f.Store.Snapshot()).Captured);
    }

    private sealed class FixedRates(decimal? rate) : IExchangeRateProvider
    {
        private int _calls;

        public decimal? Rate { get; set; } = rate;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<ExchangeRateQuote?> QuoteAsync(Currency from, Currency to, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(Rate is { } r ? new ExchangeRateQuote(from, to, r, "test desk", QuotedAt) : null);
        }
    }
}
