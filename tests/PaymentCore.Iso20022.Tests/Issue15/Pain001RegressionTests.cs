using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using static PaymentCore.Iso20022.Tests.Issue15.Pain001Files;

namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>Issue 15: defects of the pain.001 reader found on real bank files and by hostile testing. Each failed on the old code.</summary>
public sealed class Pain001RegressionTests
{
    [Fact]
    public async Task ScanAsync_SevenDeclaredEightPresentLastIsEqvtAmt_ReportsAm18WithDeclaredAndFound()
    {
        using var stream = Stream(SevenDeclaredEightPresentLastEquivalent());

        var summary = await Pain001Reader.ScanAsync(stream);

        var mismatch = Assert.Single(summary.Mismatches, m => m.Level == ControlTotalLevel.Group && m.Field == ControlTotalField.NumberOfTransactions);
        Assert.Equal("AM18", mismatch.ReasonCode);
        Assert.Equal(7m, mismatch.Declared);
        Assert.Equal(8m, mismatch.Actual);

        // The totals scan reads every amount whatever its form: 7 x 100.00 + the equivalent 50.00.
        Assert.Equal(750.00m, summary.ActualControlSum);
    }

    [Fact]
    public async Task ProcessBatchAsync_SevenDeclaredEightPresent_RejectsWithAm18NamingBothAndPaysNothing()
    {
        var (batches, store) = NewProcessor();
        var source = Source(SevenDeclaredEightPresentLastEquivalent());
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "m-1");

        var summary = await batches.ProcessBatchAsync(header, source);

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal("AM18", summary.RejectionCode);
        Assert.Contains("declared 7 transactions but the batch holds 8", summary.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_ControlSumWrongWithEqvtAmt_RejectsWithAm10NamingBoth()
    {
        var (batches, store) = NewProcessor();
        var xml = Document(
            Block("PMT-1", Transaction("E-1") + Transaction("E-2", "<EqvtAmt><Amt Ccy=\"EUR\">5.00</Amt><CcyOfTrf>CHF</CcyOfTrf></EqvtAmt>")),
            nbOfTxs: "2",
            ctrlSum: "10.00");
        var source = Source(xml);
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "m-1");

        var summary = await batches.ProcessBatchAsync(header, source);

        Assert.Equal("AM10", summary.RejectionCode);
        Assert.Contains("declared control sum 10.00 but the amounts add up to 15.00", summary.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_ChequeTransaction_IsRejectedByItselfAndTheOthersArePaid()
    {
        var (batches, store) = NewProcessor();
        var xml = Document(
            Block("PMT-1", Transaction("E-1") + Transaction("E-CHQ", extra: "<ChqInstr><ChqTp>BCHQ</ChqTp></ChqInstr>") + Transaction("E-3")),
            nbOfTxs: "3");
        var results = new List<BatchItemResult>();

        var summary = await Run(batches, xml, results);

        Assert.Equal(BatchStatus.PartiallyAccepted, summary.Status);
        var cheque = Assert.Single(results, r => r.Item.EndToEndId == "E-CHQ");
        Assert.Equal(BatchItemStatus.Rejected, cheque.Status);
        Assert.Equal("NARR", cheque.ReasonCode);
        Assert.Contains("cheque", cheque.Reason, StringComparison.Ordinal);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_UnknownAmountForm_RejectedByItselfButCountedInTheTotals()
    {
        var (batches, store) = NewProcessor();
        var xml = Document(
            Block("PMT-1", Transaction("E-1") + Transaction("E-2", "<FutureAmt Ccy=\"EUR\">7.50</FutureAmt>")),
            nbOfTxs: "2",
            ctrlSum: "17.50");
        var results = new List<BatchItemResult>();

        var summary = await Run(batches, xml, results);

        Assert.Null(summary.RejectionCode);
        Assert.Equal(17.50m, summary.ControlSum);
        var unknown = Assert.Single(results, r => r.Item.EndToEndId == "E-2");
        Assert.Equal(BatchItemStatus.Rejected, unknown.Status);
        Assert.Equal("NARR", unknown.ReasonCode);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_BlockNbOfTxsWrong_LibraryRejectsWithAm18NamingTheBlock()
    {
        // D7: only the sample checked block totals; the library paid such a file.
        var (batches, store) = NewProcessor();
        var xml = Document(
            Block("PMT-A", Transaction("E-1"), nbOfTxs: "1") + Block("PMT-B", Transaction("E-2") + Transaction("E-3"), nbOfTxs: "3"),
            nbOfTxs: "3");

        var summary = await Run(batches, xml, []);

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal("AM18", summary.RejectionCode);
        Assert.Contains("PMT-B", summary.RejectionReason, StringComparison.Ordinal);
        Assert.Contains("declared 3 transactions but the batch holds 2", summary.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_BlockCtrlSumWrong_LibraryRejectsWithAm10()
    {
        var (batches, store) = NewProcessor();
        var xml = Document(Block("PMT-A", Transaction("E-1") + Transaction("E-2"), ctrlSum: "20.01"), nbOfTxs: "2", ctrlSum: "20.00");

        var summary = await Run(batches, xml, []);

        Assert.Equal("AM10", summary.RejectionCode);
        Assert.Contains("PMT-A", summary.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    [Theory]
    [InlineData("urn:evil:pain.001.001.03:whatever")]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03x")]
    [InlineData("xurn:iso:std:iso:20022:tech:xsd:pain.001.001.09")]
    [InlineData("http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd.evil")]
    public async Task ScanAsync_NamespaceOnlyContainingAVersion_IsRefused(string ns)
    {
        using var stream = Stream(Document(Block("PMT-1", Transaction("E-1")), nbOfTxs: "1", ns: ns));

        var ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Contains("is not an ISO 20022 pain.001 namespace", ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("E2E-THIRTY-SIX-CHARACTERS-LONG-12345")]
    [InlineData("E2E&#x85;NEL")]
    [InlineData("E2E&#9;TAB")]
    public async Task ScanAsync_EndToEndIdNotMax35Text_IsRefusedBeforeAnythingIsPaid(string endToEndId)
    {
        using var stream = Stream(Document(Block("PMT-1", Transaction(endToEndId)), nbOfTxs: "1"));

        var ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Contains("<PmtId>/<EndToEndId>", ex.Problem, StringComparison.Ordinal);
        Assert.Contains("Max35Text", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_MsgIdLongerThan35_IsRefused()
    {
        using var stream = Stream(Document(Block("PMT-1", Transaction("E-1")), nbOfTxs: "1", msgId: new string('M', 36)));

        var ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("<GrpHdr>/<MsgId> has 36 characters; ISO 20022 Max35Text allows at most 35.", ex.Problem);
    }

    [Fact]
    public async Task ScanAsync_PmtInfIdLongerThan35_IsRefused()
    {
        using var stream = Stream(Document(Block(new string('P', 40), Transaction("E-1")), nbOfTxs: "1"));

        var ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("<PmtInf>/<PmtInfId> has 40 characters; ISO 20022 Max35Text allows at most 35.", ex.Problem);
    }

    [Fact]
    public async Task ProcessBatchAsync_CreditorNameLongerThan140_ItemRejectedCh16()
    {
        var (batches, store) = NewProcessor();
        var xml = Document(Block("PMT-1", Transaction("E-1", creditorName: new string('N', 141)) + Transaction("E-2")), nbOfTxs: "2");
        var results = new List<BatchItemResult>();

        await Run(batches, xml, results);

        var named = Assert.Single(results, r => r.Item.EndToEndId == "E-1");
        Assert.Equal(BatchItemStatus.Rejected, named.Status);
        Assert.Equal("CH16", named.ReasonCode);
        Assert.Equal("<Cdtr>/<Nm> has 141 characters; ISO 20022 Max140Text allows at most 140.", named.Reason);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task ProcessBatchAsync_RemittanceLineLongerThan140_ItemRejectedCh16()
    {
        var (batches, _) = NewProcessor();
        var xml = Document(Block("PMT-1", Transaction("E-1", extra: $"<RmtInf><Ustrd>{new string('R', 141)}</Ustrd></RmtInf>")), nbOfTxs: "1");
        var results = new List<BatchItemResult>();

        await Run(batches, xml, results);

        Assert.Equal("CH16", Assert.Single(results).ReasonCode);
    }

    [Fact]
    public async Task ProcessBatchAsync_InvalidDebtorIban_EveryItemOfTheBlockRejectedAc02AndNothingPaid()
    {
        // D11: an unvalidated debtor IBAN (DE00...) was paid from.
        var (batches, store) = NewProcessor();
        var xml = Document(
            Block("PMT-BAD", Transaction("E-1") + Transaction("E-2"), debtorIban: "DE00370400440532013000") + Block("PMT-OK", Transaction("E-3")),
            nbOfTxs: "3");
        var results = new List<BatchItemResult>();

        var summary = await Run(batches, xml, results);

        Assert.All(results.Where(r => r.Item.GroupId == "PMT-BAD"), r =>
        {
            Assert.Equal(BatchItemStatus.Rejected, r.Status);
            Assert.Equal("AC02", r.ReasonCode);
            Assert.Contains("DE00370400440532013000", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task ScanAsync_TenMegabyteAmount_MessageQuotesAShortPrefix()
    {
        // D10: a 10 MB amount gave a 10 MB exception message.
        string huge = "1" + new string('x', 10 * 1024 * 1024);
        using var stream = Stream(Document(Block("PMT-1", Transaction("E-1", $"<InstdAmt Ccy=\"EUR\">{huge}</InstdAmt>")), nbOfTxs: "1"));

        var ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.True(ex.Message.Length < 300, $"The message is {ex.Message.Length} characters long.");
        Assert.Contains("(10485761 characters)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessBatchAsync_MegabyteCreditorIban_ReasonQuotesAShortPrefix()
    {
        // D10: a 1 MB IBAN was copied whole into the AC01 reason.
        var (batches, _) = NewProcessor();
        string huge = "GB" + new string('9', 1024 * 1024);
        var results = new List<BatchItemResult>();

        await Run(batches, Document(Block("PMT-1", Transaction("E-1", iban: huge)), nbOfTxs: "1"), results);

        var item = Assert.Single(results);
        Assert.Equal("AC01", item.ReasonCode);
        Assert.True(item.Reason!.Length < 300, $"The reason is {item.Reason.Length} characters long.");
    }

    [Fact]
    public async Task ScanAsync_ControlCharacterInNamespaceError_IsEscaped()
    {
        using var stream = Stream(Document(Block("PMT-1", Transaction("E-1")), nbOfTxs: "1", ns: "urn:x&#x1b;[31m"));

        var ex = await Assert.ThrowsAnyAsync<FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.DoesNotContain('\u001b', ex.Message);
    }

    private static async Task<BatchSummary> Run(BatchProcessor batches, string xml, List<BatchItemResult> results)
    {
        var source = Source(xml);
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "m-1");
        return await batches.ProcessBatchAsync(header, source, null, r =>
        {
            results.Add(r);
            return ValueTask.CompletedTask;
        });
    }

    private static (BatchProcessor Batches, InMemoryTransactionStore Store) NewProcessor()
    {
        var time = new FastForwardTimeProvider();
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, time);
        return (new BatchProcessor(processor, null, time), store);
    }
}
