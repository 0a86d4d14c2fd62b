using PaymentCore.Iso20022.Pain001;
using PaymentCore.Monetary;

using static PaymentCore.Iso20022.Tests.Issue15.Pain001Files;

namespace PaymentCore.Iso20022.Tests.Issue15;

public sealed class Pain001EquivalentAmountReadTests
{
    [Theory]
    [InlineData(V03)]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09")]
    [InlineData("http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd")]
    public async Task ReadTransactionsAsync_EqvtAmt_GivesAmountCurrencyAndCurrencyOfTransfer(string ns)
    {
        var xml = Document(Block("PMT-1", Transaction("E-1", "<EqvtAmt><Amt Ccy=\"CHF\">50.00</Amt><CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>")), nbOfTxs: "1", ns: ns);
        if (ns.EndsWith(".09", StringComparison.Ordinal))
        {
            xml = xml.Replace("<ReqdExctnDt>2025-03-14</ReqdExctnDt>", "<ReqdExctnDt><Dt>2025-03-14</Dt></ReqdExctnDt>", StringComparison.Ordinal);
        }

        using var stream = Stream(xml);

        var payout = Assert.Single(await TestFiles.ReadAllAsync(stream)).Payout;

        Assert.Equal(50.00m, payout.Amount);
        Assert.Equal("CHF", payout.Currency);
        Assert.Equal("EUR", payout.TransferCurrency);
        Assert.Null(payout.Unprocessable);
    }

    [Fact]
    public async Task ToBatchItem_EqvtAmt_CarriesTheTransferCurrency()
    {
        var source = Source(Document(Block("PMT-1", Transaction("E-1", "<EqvtAmt><Amt Ccy=\"CHF\">50.00</Amt><CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>")), nbOfTxs: "1"));

        BatchItemList items = await BatchItemList.ReadAsync(source);

        var item = Assert.Single(items);
        Assert.Null(item.PreRejection);
        Assert.Equal(Money.FromMinor(5000, Currency.CHF), item.Amount);
        Assert.Equal(Currency.EUR, item.TransferCurrency);
    }

    [Fact]
    public async Task ToBatchItem_UnknownCurrencyOfTransfer_IsAm03()
    {
        var source = Source(Document(Block("PMT-1", Transaction("E-1", "<EqvtAmt><Amt Ccy=\"CHF\">50.00</Amt><CcyOfTrf>XQQ</CcyOfTrf></EqvtAmt>")), nbOfTxs: "1"));

        var item = Assert.Single(await BatchItemList.ReadAsync(source));

        Assert.Equal("AM03", item.PreRejection?.Code);
    }

    [Fact]
    public async Task ScanAsync_EqvtAmtWithoutCcyOfTrf_IsAFormatError()
    {
        using var stream = Stream(Document(Block("PMT-1", Transaction("E-1", "<EqvtAmt><Amt Ccy=\"CHF\">50.00</Amt></EqvtAmt>")), nbOfTxs: "1"));

        var ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Contains("needs both <Amt> and <CcyOfTrf>", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_ChequeBlock_EveryTransactionUnprocessableWithNarr()
    {
        var source = Source(Document(Block("PMT-CHK", Transaction("E-1") + Transaction("E-2"), method: "CHK"), nbOfTxs: "2"));

        var items = await BatchItemList.ReadAsync(source);

        Assert.All(items, i => Assert.Equal("NARR", i.PreRejection?.Code));
    }
}

internal sealed class BatchItemList : List<PaymentCore.Batch.BatchItem>
{
    public static async Task<BatchItemList> ReadAsync(PaymentCore.Batch.IBatchSource source)
    {
        var list = new BatchItemList();
        await foreach (var item in source.ReadAsync())
        {
            list.Add(item);
        }

        return list;
    }
}
