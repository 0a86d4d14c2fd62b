using System.Text;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.BankStatus;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Transactions;
using static PaymentCore.Iso20022.Tests.Issue15.Pain001Files;
using Report002 = PaymentCore.Iso20022.Tests.Issue15.Pain002Files;

namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>Issue 15: the bank's pain.002 answer matched to our batch items and applied.</summary>
public sealed class BankStatusApplierTests
{
    private readonly FastForwardTimeProvider _time = new();
    private readonly InMemoryTransactionStore _store = new();
    private readonly PaymentProcessor _processor;

    public BankStatusApplierTests() =>
        _processor = new PaymentProcessor([], new InMemoryAuthorizer(), _store, null, _time);

    [Fact]
    public async Task ApplyAsync_RjctAcscPendingAndUnknown_ReversesSettlesAcknowledgesAndReportsTheUnknown()
    {
        var (header, source) = await PayBatchAsync("E-1", "E-2", "E-3", "E-4");
        var report = Report002.Report("MSG-15", Report002.Block(
            "PMT-1",
            Report002.Transaction("E-1", "RJCT", "AC04", "Account closed")
            + Report002.Transaction("E-2", "ACSC")
            + Report002.Transaction("E-3", "PDNG")
            + Report002.Transaction("E-99", "ACSC")));

        var result = await Apply(report, header, source);

        Assert.Equal(BankStatusAction.Reversed, Outcome(result, "E-1").Action);
        Assert.Contains("AC04: Account closed", Outcome(result, "E-1").Detail, StringComparison.Ordinal);
        Assert.Equal(BankStatusAction.Settled, Outcome(result, "E-2").Action);
        Assert.Equal(BankStatusAction.Acknowledged, Outcome(result, "E-3").Action);
        Assert.DoesNotContain(result.Items, i => i.EndToEndId == "E-4");
        var unknown = Assert.Single(result.Unmatched);
        Assert.Equal("E-99", unknown.Status.OriginalEndToEndId);
        Assert.Equal(2, result.Changed);

        var reversed = Record("E-1", header);
        Assert.Equal(TransactionStatus.Refunded, reversed.Status);
        Assert.Contains(reversed.History, c => c.OperationKey == "pain002-rjct:AC04:BANK-STS-1");
        Assert.Null(reversed.SettledAt);
        var settled = Record("E-2", header);
        Assert.Equal(TransactionStatus.Captured, settled.Status);
        Assert.Equal(_time.GetUtcNow(), settled.SettledAt);
        Assert.Equal("ACSC:BANK-STS-1", settled.SettlementReference);
        Assert.Null(Record("E-3", header).SettledAt);
        Assert.Null(Record("E-4", header).SettledAt);
    }

    [Fact]
    public async Task ApplyAsync_SameReportTwice_SecondChangesNothing()
    {
        var (header, source) = await PayBatchAsync("E-1", "E-2");
        var report = Report002.Report("MSG-15", Report002.Block("PMT-1", Report002.Transaction("E-1", "RJCT", "AM04") + Report002.Transaction("E-2", "ACSC")));
        await Apply(report, header, source);
        var before = _store.Snapshot().Select(r => (r.Id, r.Version)).ToList();

        var again = await Apply(report, header, source);

        Assert.Equal(0, again.Changed);
        Assert.Equal(BankStatusAction.AlreadyReversed, Outcome(again, "E-1").Action);
        Assert.Equal(BankStatusAction.AlreadySettled, Outcome(again, "E-2").Action);
        Assert.Equal("ACSC:BANK-STS-1", Record("E-2", header).SettlementReference);
        Assert.Equal(before, _store.Snapshot().Select(r => (r.Id, r.Version)).ToList());
    }

    [Fact]
    public async Task ApplyAsync_GroupRjctWithoutTransactions_ReversesEveryPaidItem()
    {
        var (header, source) = await PayBatchAsync("E-1", "E-2", "E-3");

        var result = await Apply(Report002.Report("MSG-15", string.Empty, "RJCT", Report002.Reason("FF01", "File format")), header, source);

        Assert.Equal(3, result.CountOf(BankStatusAction.Reversed));
        Assert.All(_store.Snapshot(), r => Assert.Equal(TransactionStatus.Refunded, r.Status));
    }

    [Fact]
    public async Task ApplyAsync_BlockRjct_ReversesThatBlockOnly()
    {
        var xml = Document(Block("PMT-A", Transaction("E-1")) + Block("PMT-B", Transaction("E-2")), nbOfTxs: "2");
        var (header, source) = await PayAsync(xml);

        var result = await Apply(Report002.Report("MSG-15", Report002.Block("PMT-B", string.Empty, "RJCT"), "PART"), header, source);

        Assert.Equal("E-2", Assert.Single(result.Items).EndToEndId);
        Assert.Equal(TransactionStatus.Captured, Record("E-1", header).Status);
        Assert.Equal(TransactionStatus.Refunded, Record("E-2", header).Status);
    }

    [Fact]
    public async Task ApplyAsync_ReportOnAnotherMessage_AppliesNothing()
    {
        var (header, source) = await PayBatchAsync("E-1");

        var result = await Apply(Report002.Report("OTHER-MSG", Report002.Block("PMT-1", Report002.Transaction("E-1", "RJCT"))), header, source);

        Assert.Empty(result.Items);
        Assert.Equal(3, result.Unmatched.Count);
        Assert.Contains("not batch 'MSG-15'", result.Unmatched[0].Why, StringComparison.Ordinal);
        Assert.Equal(TransactionStatus.Captured, Record("E-1", header).Status);
    }

    [Fact]
    public async Task ApplyAsync_EndToEndIdUnderAnotherBlock_IsUnmatchedNotApplied()
    {
        var (header, source) = await PayBatchAsync("E-1");

        var result = await Apply(Report002.Report("MSG-15", Report002.Block("PMT-OTHER", Report002.Transaction("E-1", "RJCT"))), header, source);

        Assert.Empty(result.Items);
        Assert.Contains(result.Unmatched, u => u.Why.Contains("not 'PMT-OTHER'", StringComparison.Ordinal));
        Assert.Equal(TransactionStatus.Captured, Record("E-1", header).Status);
    }

    [Fact]
    public async Task ApplyAsync_RjctOfAnAuthorizedPayment_VoidsIt()
    {
        var source = Source(Document(Block("PMT-1", Transaction("E-1")), nbOfTxs: "1"));
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "m-1");
        await _processor.ProcessAsync(new PaymentRequest
        {
            IdempotencyKey = BatchProcessor.IdempotencyKeyFor(header.BatchId, "E-1"),
            MerchantId = header.MerchantId,
            Amount = Money.FromMajor(10m, Currency.EUR),
            Payer = PaymentInstrument.Account(header.DebtorAccount),
            Payee = "GB82WEST12345698765432",
            CaptureMode = CaptureMode.Manual,
        });

        var result = await Apply(Report002.Report("MSG-15", Report002.Block("PMT-1", Report002.Transaction("E-1", "RJCT", "AC06"))), header, source);

        Assert.Equal(BankStatusAction.Reversed, Outcome(result, "E-1").Action);
        Assert.Equal(TransactionStatus.Voided, Record("E-1", header).Status);
    }

    [Fact]
    public async Task ApplyAsync_RjctOfAnItemWeRejected_IsNotPaid()
    {
        var xml = Document(Block("PMT-1", Transaction("E-1", iban: "GB00WEST12345698765432")), nbOfTxs: "1");
        var (header, source) = await PayAsync(xml);

        var result = await Apply(Report002.Report("MSG-15", Report002.Block("PMT-1", Report002.Transaction("E-1", "RJCT", "AC01"))), header, source);

        Assert.Equal(BankStatusAction.NotPaid, Outcome(result, "E-1").Action);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task ApplyAsync_AcscForAPaymentNeverCaptured_NeedsAttention()
    {
        var (header, _) = await PayBatchAsync("E-1");
        var withUnpaidItem = Source(Document(Block("PMT-1", Transaction("E-NEW")), nbOfTxs: "1"));

        var result = await Apply(Report002.Report("MSG-15", Report002.Block("PMT-1", Report002.Transaction("E-NEW", "ACSC"))), header, withUnpaidItem);

        Assert.Equal(BankStatusAction.NeedsAttention, Outcome(result, "E-NEW").Action);
    }

    [Fact]
    public async Task ApplyAsync_AcscForAPaymentOnlyAuthorized_NeedsAttentionAndIsNotSettled()
    {
        var (header, _) = await PayBatchAsync("E-1");
        var withHeldItem = Source(Document(Block("PMT-1", Transaction("E-HELD")), nbOfTxs: "1"));
        var held = await _processor.ProcessAsync(new PaymentRequest
        {
            IdempotencyKey = BatchProcessor.IdempotencyKeyFor(header.BatchId, "E-HELD"),
            MerchantId = header.MerchantId,
            Amount = Money.FromMinor(1000, Currency.EUR),
            Payer = PaymentInstrument.Account("DE89370400440532013000"),
            Payee = "FR1420041010050500013M02606",
            CaptureMode = CaptureMode.Manual,
        });
        Assert.Equal(TransactionStatus.Authorized, held.Transaction.Status);

        var result = await Apply(Report002.Report("MSG-15", Report002.Block("PMT-1", Report002.Transaction("E-HELD", "ACSC"))), header, withHeldItem);

        Assert.Equal(BankStatusAction.NeedsAttention, Outcome(result, "E-HELD").Action);
        Assert.Contains("not captured", Outcome(result, "E-HELD").Detail, StringComparison.Ordinal);
        var after = Record("E-HELD", header);
        Assert.Null(after.SettledAt);
        Assert.Equal(held.Transaction.Version, after.Version);
    }

    private static BankStatusItemOutcome Outcome(BankStatusResult result, string endToEndId) => Assert.Single(result.Items, i => i.EndToEndId == endToEndId);

    private TransactionRecord Record(string endToEndId, BatchHeader header) =>
        Assert.Single(_store.Snapshot(), r => r.Request.IdempotencyKey == BatchProcessor.IdempotencyKeyFor(header.BatchId, endToEndId));

    private Task<BankStatusResult> Apply(string report, BatchHeader header, IBatchSource source) =>
        new BankStatusApplier(_processor).ApplyAsync(new MemoryStream(Encoding.UTF8.GetBytes(report)), header, source);

    private Task<(BatchHeader Header, IBatchSource Source)> PayBatchAsync(params string[] endToEndIds) =>
        PayAsync(Document(Block("PMT-1", string.Concat(endToEndIds.Select(e => Transaction(e)))), nbOfTxs: endToEndIds.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<(BatchHeader Header, IBatchSource Source)> PayAsync(string xml)
    {
        var source = Source(xml);
        var header = Pain001BatchSource.CreateHeader(await source.ScanAsync(), "m-1");
        await new BatchProcessor(_processor, null, _time).ProcessBatchAsync(header, source);
        return (header, source);
    }
}
