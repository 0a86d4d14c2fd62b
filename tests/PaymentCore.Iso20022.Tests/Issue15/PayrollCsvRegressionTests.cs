using System.Text;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Csv;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;

namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>Issue 15: D2 (a re-sent payroll paid everyone again), D4 (extra fields dropped), D11 (NUL in a name stored).</summary>
public sealed class PayrollCsvRegressionTests
{
    private const string Header = "end_to_end_id,creditor_name,creditor_iban,creditor_bic,amount,currency,remittance";

    private static readonly string[] Rows =
    [
        "PAY-1,Jane Doe,GB82WEST12345698765432,NWBKGB2L,2500.00,GBP,Salary",
        "PAY-2,\"Dupont, Jean\",FR14 2004 1010 0505 0001 3M02 606,BNPAFRPP,1800.50,EUR,\"Salary, overtime\"",
        "PAY-3,Anna de Vries,NL91ABNA0417164300,ABNANL2A,2210.75,EUR,Salary",
    ];

    public static TheoryData<string> SameBatchFourWays() => new()
    {
        Header + "\n" + string.Join("\n", Rows) + "\n",                        // trailing newline
        Header + "\r\n" + string.Join("\r\n", Rows),                           // CRLF, none at the end
        Header + "\n" + string.Join("\n", Rows.Reverse()),                     // rows reordered
        "amount,currency,end_to_end_id,creditor_name,creditor_iban,creditor_bic,remittance\n"
            + "2500.0,GBP,PAY-1,Jane Doe,GB82 WEST 1234 5698 7654 32,NWBKGB2L,Salary\n"
            + "1800.5,EUR,PAY-2,\"Dupont, Jean\",FR1420041010050500013M02606,BNPAFRPP,\"Salary, overtime\"\n"
            + "2210.750,EUR,PAY-3, Anna de Vries ,NL91ABNA0417164300,ABNANL2A,Salary\n", // columns moved, amounts and IBANs written otherwise
    };

    [Theory]
    [MemberData(nameof(SameBatchFourWays))]
    public async Task ComputeBatchIdAsync_SamePayoutsWrittenAnotherWay_GiveTheOriginalsId(string variant)
    {
        var original = await Source(Header + "\n" + string.Join("\n", Rows)).ComputeBatchIdAsync();

        var id = await Source(variant).ComputeBatchIdAsync();

        Assert.Equal(original, id);
        Assert.StartsWith("CSV", original, StringComparison.Ordinal);
        Assert.Equal(35, original.Length);
    }

    [Fact]
    public async Task ProcessBatchAsync_PayrollSentFourWays_PaysEachEmployeeOnce()
    {
        var time = new FastForwardTimeProvider();
        var store = new InMemoryTransactionStore();
        var batches = new BatchProcessor(new PaymentProcessor([], new InMemoryAuthorizer(), store, null, time), null, time);
        long paid = 0;

        foreach (var variant in SameBatchFourWays())
        {
            var source = Source(variant);
            var header = PayrollCsvBatchSource.CreateHeader(await source.ComputeBatchIdAsync(), "payroll", "DE89370400440532013000");
            var summary = await batches.ProcessBatchAsync(header, source);
            paid += summary.Succeeded - summary.Replayed;
        }

        Assert.Equal(3, store.Count);
        Assert.Equal(3, paid);
    }

    [Fact]
    public async Task ComputeBatchIdAsync_OneAmountChanged_IsANewBatch()
    {
        var original = await Source(Header + "\n" + string.Join("\n", Rows)).ComputeBatchIdAsync();

        var changed = await Source(Header + "\n" + string.Join("\n", Rows).Replace("2500.00", "2500.01", StringComparison.Ordinal)).ComputeBatchIdAsync();

        Assert.NotEqual(original, changed);
    }

    [Fact]
    public async Task ComputeBatchIdAsync_BatchReferenceColumn_IsTheBatchId()
    {
        var id = await Source("batch_reference,end_to_end_id,creditor_name,creditor_iban,amount,currency\nRUN-2026-11,P1,A,DE89370400440532013000,1.00,EUR\nRUN-2026-11,P2,B,DE89370400440532013000,2.00,EUR").ComputeBatchIdAsync();

        Assert.Equal("RUN-2026-11", id);
    }

    [Fact]
    public async Task ComputeBatchIdAsync_RowsDisagreeOnTheReference_RefusedNamingTheRow()
    {
        var source = Source("batch_reference,end_to_end_id,creditor_name,creditor_iban,amount,currency\nRUN-A,P1,A,DE89370400440532013000,1.00,EUR\nRUN-B,P2,B,DE89370400440532013000,2.00,EUR");

        var ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => source.ComputeBatchIdAsync());

        Assert.Equal(2, ex.RowNumber);
        Assert.Equal("batch_reference", ex.Column);
    }

    [Fact]
    public async Task ReadAsync_RowWithMoreFieldsThanTheHeader_RefusedNamingRowAndCounts()
    {
        // D4: "Bonus, 5" unquoted paid GBP 5.00 instead of 10.00.
        using var stream = Csv("end_to_end_id,creditor_name,creditor_iban,currency,remittance,amount\nPAY-0,Jane,GB82WEST12345698765432,GBP,Salary,1.00\nPAY-1,Jane,GB82WEST12345698765432,GBP,Bonus, 5,10.00");

        var ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Equal(2, ex.RowNumber);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("The row has 7 fields; the header has 6. Quote a field that contains a comma.", ex.Problem);
    }

    [Fact]
    public async Task ReadAsync_RowWithFewerFields_Refused()
    {
        using var stream = Csv("end_to_end_id,creditor_name,creditor_iban,amount,currency,remittance\nPAY-1,Jane,GB82WEST12345698765432,10.00,GBP");

        var ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Equal("The row has 5 fields; the header has 6. Quote a field that contains a comma.", ex.Problem);
    }

    [Theory]
    [InlineData("end_to_end_id,creditor_name,creditor_iban,amount,currency,amount", "'amount' twice (columns 4 and 6)")]
    [InlineData("end_to_end_id,creditor_name,creditor_iban,amount,currency,Amount ", "'Amount' twice (columns 4 and 6)")]
    public async Task ReadAsync_DuplicateHeader_Refused(string header, string expected)
    {
        using var stream = Csv(header + "\nPAY-1,Jane,GB82WEST12345698765432,10.00,GBP,11.00");

        var ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Contains(expected, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HeaderInOtherCase_IsMatchedIgnoringCase()
    {
        using var stream = Csv("End_To_End_Id,CREDITOR_NAME,Creditor_Iban,Amount,Currency\nPAY-1,Jane,GB82WEST12345698765432,10.00,GBP");

        var row = Assert.Single(await ReadAllAsync(stream));

        Assert.Equal(new PayoutInstruction("PAY-1", null, 10.00m, "GBP", "Jane", "GB82WEST12345698765432", null, null, null), row.Payout);
    }

    [Fact]
    public async Task ToBatchItem_NulInCreditorName_IsRejectedCh16AndNeverPaid()
    {
        var time = new FastForwardTimeProvider();
        var store = new InMemoryTransactionStore();
        var batches = new BatchProcessor(new PaymentProcessor([], new InMemoryAuthorizer(), store, null, time), null, time);
        var source = Source("end_to_end_id,creditor_name,creditor_iban,amount,currency\nPAY-1,Ja\0ne,GB82WEST12345698765432,10.00,GBP\nPAY-2,Joe,GB82WEST12345698765432,10.00,GBP");
        var results = new List<BatchItemResult>();

        await batches.ProcessBatchAsync(PayrollCsvBatchSource.CreateHeader(await source.ComputeBatchIdAsync(), "payroll", "DE89370400440532013000"), source, null, r =>
        {
            results.Add(r);
            return ValueTask.CompletedTask;
        });

        var nul = Assert.Single(results, r => r.Item.EndToEndId == "PAY-1");
        Assert.Equal(BatchItemStatus.Rejected, nul.Status);
        Assert.Equal("CH16", nul.ReasonCode);
        Assert.Equal("The creditor name has the control character U+0000 at character 3; ISO 20022 Max140Text does not allow it.", nul.Reason);
        Assert.DoesNotContain(store.Snapshot(), r => r.Request.Payee.Contains('\0', StringComparison.Ordinal));
        Assert.Equal(1, store.Count);
    }

    [Theory]
    [InlineData("PAY-THIRTY-SIX-CHARACTERS-LONG-1234", "has 36 characters")]
    [InlineData("PAY\u0001", "control character U+0001")]
    public async Task ReadAsync_EndToEndIdNotMax35Text_RefusedBeforeAnythingIsPaid(string id, string expected)
    {
        using var stream = Csv($"end_to_end_id,creditor_name,creditor_iban,amount,currency\n{id}X,Jane,GB82WEST12345698765432,10.00,GBP");

        var ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Equal("end_to_end_id", ex.Column);
        Assert.Contains(expected, ex.Problem, StringComparison.Ordinal);
    }

    private static PayrollCsvBatchSource Source(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new PayrollCsvBatchSource(() => new MemoryStream(bytes));
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<List<PayrollCsvRow>> ReadAllAsync(Stream stream)
    {
        var list = new List<PayrollCsvRow>();
        await foreach (var row in PayrollCsvReader.ReadAsync(stream))
        {
            list.Add(row);
        }

        return list;
    }
}
