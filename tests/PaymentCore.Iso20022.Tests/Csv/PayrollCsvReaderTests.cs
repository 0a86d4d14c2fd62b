using System.Text;
using PaymentCore.Iso20022.Csv;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Tests.Csv;

public class PayrollCsvReaderTests
{
    [Fact]
    public async Task ReadAsync_PayrollFile_ReturnsEveryRowAsPayout()
    {
        await using FileStream file = TestFiles.Open("payroll.csv");

        List<PayrollCsvRow> rows = await ReadAllAsync(file);

        Assert.Equal(5, rows.Count);
        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.RowNumber));
        Assert.Equal([2L, 3, 4, 5, 6], rows.Select(r => r.LineNumber));
        Assert.Equal(
            new PayoutInstruction("PAY-0001", null, 2500.00m, "GBP", "Jane Doe", "GB82WEST12345698765432", null, "NWBKGB2L", "Salary March 2025"),
            rows[0].Payout);
        Assert.Equal(
            new PayoutInstruction("PAY-0002", null, 1800.50m, "EUR", "Dupont, Jean", "FR1420041010050500013M02606", null, null, "Salary March 2025, incl. overtime"),
            rows[1].Payout);
        Assert.Equal(350000m, rows[2].Payout.Amount);
        Assert.Null(rows[2].Payout.RemittanceInformation);
        Assert.Equal(1250.125m, rows[3].Payout.Amount);
        Assert.Equal(355650.625m, rows.Sum(r => r.Payout.Amount));

        Assert.Equal(
            [null, null, null, null, "AC01"],
            rows.Select(r => Pain001TransactionCheck.Check(r.Payout).ReasonCode));
    }

    [Fact]
    public async Task ReadAsync_HeaderWithoutOptionalColumns_Reads()
    {
        using MemoryStream stream = Csv("""
            amount,currency,end_to_end_id,creditor_iban,creditor_name
            10.00,EUR,E1,DE89370400440532013000,A
            """);

        PayrollCsvRow row = Assert.Single(await ReadAllAsync(stream));

        Assert.Equal(new PayoutInstruction("E1", null, 10.00m, "EUR", "A", "DE89370400440532013000", null, null, null), row.Payout);
    }

    [Fact]
    public async Task ReadAsync_MissingRequiredColumn_ThrowsNamingIt()
    {
        using MemoryStream stream = Csv("""
            end_to_end_id,creditor_name,creditor_iban,currency
            E1,A,DE89370400440532013000,EUR
            """);

        PayrollCsvFormatException ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Equal("amount", ex.Column);
        Assert.Equal(0, ex.RowNumber);
        Assert.Equal(1, ex.LineNumber);
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_ThrowsHeaderRequired()
    {
        using var stream = new MemoryStream();

        PayrollCsvFormatException ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Equal("The file is empty; a header row is required.", ex.Problem);
    }

    [Fact]
    public async Task ReadAsync_MissingEndToEndId_ThrowsNamingRowAndColumnAfterEarlierRows()
    {
        using MemoryStream stream = Csv("""
            end_to_end_id,creditor_name,creditor_iban,creditor_bic,amount,currency,remittance
            E1,A,DE89370400440532013000,,10.00,EUR,x
            ,B,DE89370400440532013000,,20.00,EUR,y
            """);
        var seen = new List<PayrollCsvRow>();

        PayrollCsvFormatException ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(async () =>
        {
            await foreach (PayrollCsvRow row in PayrollCsvReader.ReadAsync(stream))
            {
                seen.Add(row);
            }
        });

        Assert.Single(seen);
        Assert.Equal(2, ex.RowNumber);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("end_to_end_id", ex.Column);
        Assert.Equal("Row 2 (line 3), column 'end_to_end_id': The value is missing; it is required.", ex.Message);
    }

    [Theory]
    [InlineData("1E3", "The amount '1E3' is not a decimal number (digits with an optional '.', no sign, exponent or thousands separator).")]
    [InlineData("\"1,000.00\"", "The amount '1,000.00' is not a decimal number (digits with an optional '.', no sign, exponent or thousands separator).")]
    [InlineData("abc", "The amount 'abc' is not a decimal number (digits with an optional '.', no sign, exponent or thousands separator).")]
    [InlineData("-5.00", "The amount '-5.00' is negative; payouts are positive amounts.")]
    [InlineData("", "The value is missing; it is required.")]
    public async Task ReadAsync_BadAmount_ThrowsNamingRowAndColumn(string amount, string expected)
    {
        using MemoryStream stream = Csv($"""
            end_to_end_id,creditor_name,creditor_iban,amount,currency
            E1,A,DE89370400440532013000,{amount},EUR
            """);

        PayrollCsvFormatException ex = await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));

        Assert.Equal(expected, ex.Problem);
        Assert.Equal(1, ex.RowNumber);
        Assert.Equal("amount", ex.Column);
    }

    [Fact]
    public async Task ReadAsync_UnclosedQuote_ThrowsTypedError()
    {
        using MemoryStream stream = Csv("""
            end_to_end_id,creditor_name,creditor_iban,amount,currency
            E1,"A,DE89370400440532013000,10.00,EUR
            """);

        await Assert.ThrowsAsync<PayrollCsvFormatException>(() => ReadAllAsync(stream));
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<List<PayrollCsvRow>> ReadAllAsync(Stream stream)
    {
        var rows = new List<PayrollCsvRow>();
        await foreach (PayrollCsvRow row in PayrollCsvReader.ReadAsync(stream))
        {
            rows.Add(row);
        }

        return rows;
    }
}
