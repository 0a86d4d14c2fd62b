using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Pain002;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing;

namespace PaymentCore.Iso20022.Tests.Batch;

public sealed class BatchSourceTests
{
    private static readonly XNamespace Pain002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";

    [Fact]
    public void ToBatchItem_ValidPayout_HasMoneyAndNoRejection()
    {
        var item = PayoutBatchItems.ToBatchItem(Payout(1250.125m, "KWD"), "PMT-1", "DE89370400440532013000", 12);

        Assert.Null(item.PreRejection);
        Assert.Equal(Money.FromMinor(1_250_125, Currency.KWD), item.Amount);
        Assert.Equal(1250.125m, item.ControlAmount);
        Assert.Equal("PMT-1", item.GroupId);
        Assert.Equal(12, item.LineNumber);
    }

    [Theory]
    [InlineData("10.005", "EUR", "AM12")]
    [InlineData("10.5", "JPY", "AM12")]
    [InlineData("0", "EUR", "AM12")]
    [InlineData("10.00", "ZZZ", "AM03")]
    [InlineData("10.00", "eur", "AM03")]
    public void ToBatchItem_BadAmountOrCurrency_IsPreRejectedButKeepsAmountAsRead(string amount, string currency, string code)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var item = PayoutBatchItems.ToBatchItem(Payout(value, currency));

        Assert.Equal(code, item.PreRejection?.Code);
        Assert.Equal(value, item.ControlAmount);
        Assert.Equal(currency, item.InstructedCurrency);
    }

    [Fact]
    public void ToBatchItem_BadIbanAndBadBic_AreAc01AndRc01()
    {
        Assert.Equal("AC01", PayoutBatchItems.ToBatchItem(Payout(1m, "EUR") with { CreditorIban = "DE89370400440532013001" }).PreRejection?.Code);
        Assert.Equal("RC01", PayoutBatchItems.ToBatchItem(Payout(1m, "EUR") with { CreditorAgentBic = "NOT-A-BIC" }).PreRejection?.Code);
    }

    [Fact]
    public async Task Pain001BatchSource_ReadTwice_GivesTheSameItems()
    {
        var source = Pain001BatchSource.FromFile(TestFiles.PathOf("valid-v03-multi-currency.xml"));

        var first = await ToListAsync(source);
        var second = await ToListAsync(source);

        Assert.Equal(7, first.Count);
        Assert.Equal(first.Select(i => i.EndToEndId), second.Select(i => i.EndToEndId));
        Assert.Equal(18863.355m, first.Sum(i => i.ControlAmount));
    }

    [Fact]
    public async Task ProcessBatchAsync_BadIbansFile_RejectsThoseItemsAndPaysTheRest()
    {
        var (batches, issuer) = NewProcessor();
        var source = Pain001BatchSource.FromFile(TestFiles.PathOf("bad-ibans.xml"));
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "merchant-1");
        var results = new List<BatchItemResult>();

        var summary = await batches.ProcessBatchAsync(header, source, onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(BatchStatus.PartiallyAccepted, summary.Status);
        Assert.Equal(6, summary.TotalItems);
        Assert.Equal("AC01", results.Single(r => r.Item.EndToEndId == "E2E-BAD-CHECKSUM").ReasonCode);
        Assert.Equal("AC01", results.Single(r => r.Item.EndToEndId == "E2E-BAD-LENGTH").ReasonCode);
        Assert.Equal(BatchItemStatus.Succeeded, results.Single(r => r.Item.EndToEndId == "E2E-OK").Status);
        Assert.Equal(summary.Succeeded, issuer.GetHolds().Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_WrongNbOfTxsFile_MovesNoMoneyAndReportsRjctAm18()
    {
        var (batches, issuer) = NewProcessor();
        var source = Pain001BatchSource.FromFile(TestFiles.PathOf("wrong-nboftxs.xml"));
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "merchant-1");

        var summary = await batches.ProcessBatchAsync(header, source);

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal("AM18", summary.RejectionCode);
        Assert.Empty(issuer.GetHolds());

        using var output = new MemoryStream();
        await BatchStatusReports.WriteAsync(output, batches, header, source, summary, Report());
        var xml = XDocument.Parse(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal("RJCT", xml.Descendants(Pain002 + "GrpSts").Single().Value);
        Assert.Equal("AM18", xml.Descendants(Pain002 + "OrgnlGrpInfAndSts").Descendants(Pain002 + "Cd").Single().Value);
        Assert.Empty(xml.Descendants(Pain002 + "TxInfAndSts"));
    }

    [Fact]
    public async Task WriteAsync_AfterARun_ReportsEveryTransactionInFileOrderWithoutPayingTwice()
    {
        var (batches, issuer) = NewProcessor();
        var source = Pain001BatchSource.FromFile(TestFiles.PathOf("bad-ibans.xml"));
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "merchant-1");
        var summary = await batches.ProcessBatchAsync(header, source);
        var holds = issuer.GetHolds().Count;

        using var output = new MemoryStream();
        await BatchStatusReports.WriteAsync(output, batches, header, source, summary, Report());

        var xml = XDocument.Parse(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal("PART", xml.Descendants(Pain002 + "GrpSts").Single().Value);
        var statuses = xml.Descendants(Pain002 + "TxInfAndSts").ToList();
        Assert.Equal(6, statuses.Count);
        Assert.Equal(
            (await ToListAsync(source)).Select(i => i.EndToEndId),
            statuses.Select(s => s.Element(Pain002 + "OrgnlEndToEndId")!.Value));
        var badChecksum = statuses.Single(s => s.Element(Pain002 + "OrgnlEndToEndId")!.Value == "E2E-BAD-CHECKSUM");
        Assert.Equal("RJCT", badChecksum.Element(Pain002 + "TxSts")!.Value);
        Assert.Equal("AC01", badChecksum.Descendants(Pain002 + "Cd").Single().Value);
        Assert.Equal(holds, issuer.GetHolds().Count);
        Assert.Empty(issuer.Mistakes);
    }

    [Fact]
    public async Task PayrollCsvBatchSource_SameFile_GivesTheSameBatchId()
    {
        var source = PayrollCsvBatchSource.FromFile(TestFiles.PathOf("payroll.csv"));

        var id = await source.ComputeBatchIdAsync();

        Assert.Matches("^CSV[0-9A-F]{32}$", id);
        Assert.Equal(id, await source.ComputeBatchIdAsync());
        Assert.NotEmpty(await ToListAsync(source));
    }

    private static Pain002Report Report() => new()
    {
        MessageId = "STS-1",
        CreationDateTime = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
        OriginalMessageId = "unused",
    };

    private static (BatchProcessor Batches, InMemoryAuthorizer Issuer) NewProcessor()
    {
        var issuer = new InMemoryAuthorizer();
        var time = new FakeTimeProvider();
        var processor = new PaymentProcessor([], issuer, new InMemoryTransactionStore(), null, time);
        return (new BatchProcessor(processor, null, time), issuer);
    }

    private static PayoutInstruction Payout(decimal amount, string currency) =>
        new("E2E-1", "I-1", amount, currency, "Jane Doe", "GB82WEST12345698765432", null, "NWBKGB2L", "Salary");

    private static async Task<List<BatchItem>> ToListAsync(IBatchSource source)
    {
        var list = new List<BatchItem>();
        await foreach (var item in source.ReadAsync())
        {
            list.Add(item);
        }

        return list;
    }
}
