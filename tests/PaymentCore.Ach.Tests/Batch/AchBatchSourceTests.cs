using PaymentCore.Ach.Batch;
using PaymentCore.Ach.Returns;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.ExchangeRates;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;

namespace PaymentCore.Ach.Tests.Batch;

public sealed class AchBatchSourceTests
{
    private const string Debtor = "DE89370400440532013000";

    [Fact]
    public async Task ProcessBatchAsync_Payroll_PaysCreditsRejectsTheDebitAndReturnsItWithR17()
    {
        var (batches, store) = NewProcessor();
        var source = new AchBatchSource(await AchFiles.ReadAsync("payroll-ppd-ccd.ach"));
        var header = source.CreateHeader("payroll-co", Debtor);
        var results = new List<BatchItemResult>();

        var summary = await batches.ProcessBatchAsync(header, source, null, r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Null(summary.RejectionCode);
        Assert.Equal(BatchStatus.PartiallyAccepted, summary.Status);
        Assert.Equal(4, summary.Succeeded);
        Assert.Equal(Money.FromMinor(1885692, Currency.USD), summary.TotalOf(BatchItemStatus.Succeeded, Currency.USD));
        Assert.Equal(4, store.Count);
        var debit = Assert.Single(results, r => r.Status != BatchItemStatus.Succeeded);
        Assert.Equal("076401250000005", debit.Item.EndToEndId);
        var ret = Assert.IsType<AchReturn>(AchReturnsReport.ToReturn(debit));
        Assert.Equal(("R17", "NARR", 50000L, "0000002"), (ret.ReturnReasonCode, ret.IsoReasonCode, ret.AmountCents, ret.BatchNumber));
        Assert.Contains("collections are not supported", ret.Reason, StringComparison.Ordinal);
        Assert.Null(AchReturnsReport.ToReturn(results[0]));
    }

    [Fact]
    public async Task CreateHeader_BatchIdFromOriginDateTimeAndModifier_AndBatchTotals()
    {
        var source = new AchBatchSource(await AchFiles.ReadAsync("payroll-ppd-ccd.ach"));

        var header = source.CreateHeader("m", Debtor);

        Assert.Equal("ACH-1234567890-2611230815A", header.BatchId);
        Assert.Equal(5, header.DeclaredNumberOfTransactions);
        Assert.Equal(19356.92m, header.DeclaredControlSum);
        Assert.Equal([new BatchGroupTotals("0000001", 3, 6511.25m), new BatchGroupTotals("0000002", 2, 12845.67m)], header.DeclaredGroupTotals);
    }

    [Fact]
    public async Task ProcessBatchAsync_SameFileTwice_PaysNothingTheSecondTime()
    {
        var (batches, store) = NewProcessor();
        var source = new AchBatchSource(await AchFiles.ReadAsync("payroll-ppd-ccd.ach"));
        var header = source.CreateHeader("payroll-co", Debtor);
        await batches.ProcessBatchAsync(header, source);

        var again = await batches.ProcessBatchAsync(header, source);

        Assert.Equal(4, again.Replayed);
        Assert.Equal(4, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_EverySecCode_TelDebitRejectedIatConvertedWithTheProvider()
    {
        var time = new FastForwardTimeProvider();
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, time);
        var batches = new BatchProcessor(processor, null, time, new OneRate());
        var source = new AchBatchSource(await AchFiles.ReadAsync("every-sec-code.ach"));
        var results = new List<BatchItemResult>();

        await batches.ProcessBatchAsync(source.CreateHeader("m", Debtor), source, null, r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(BatchItemStatus.Rejected, Assert.Single(results, r => r.Item.GroupId == "0000003").Status);
        var iat = Assert.Single(results, r => r.Item.GroupId == "0000004");
        Assert.Equal(BatchItemStatus.Succeeded, iat.Status);
        Assert.Equal("HANS MUELLER", iat.Item.CreditorName);
        Assert.Contains(store.Snapshot(), r => r.Captured == Money.FromMinor(92000, Currency.EUR));
    }

    [Fact]
    public async Task WriteCsvAsync_QuotesReasonsWithCommas()
    {
        using var writer = new StringWriter();

        await AchReturnsReport.WriteCsvAsync(writer, [new AchReturn("076401250000005", "0000002", 50000, "R01", "AM04", "Funds, insufficient")]);

        Assert.Equal(AchReturnsReport.Header + Environment.NewLine + "076401250000005,0000002,500.00,R01,AM04,\"Funds, insufficient\"" + Environment.NewLine, writer.ToString());
    }

    [Theory]
    [InlineData("AM04", "R01")]
    [InlineData("AC04", "R02")]
    [InlineData("AC01", "R04")]
    [InlineData("AM05", "R24")]
    [InlineData("RC01", "R28")]
    [InlineData("MS03", "R17")]
    [InlineData(null, "R17")]
    public void FromIso_MapsToTheAchReturnCode(string? iso, string ach) => Assert.Equal(ach, AchReturnReasonCodes.FromIso(iso));

    private static (BatchProcessor Batches, InMemoryTransactionStore Store) NewProcessor()
    {
        var time = new FastForwardTimeProvider();
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, time);
        return (new BatchProcessor(processor, null, time), store);
    }

    private sealed class OneRate : IExchangeRateProvider
    {
        public ValueTask<ExchangeRateQuote?> QuoteAsync(Currency from, Currency to, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ExchangeRateQuote?>(new ExchangeRateQuote(from, to, 0.92m, "test", new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
    }
}
