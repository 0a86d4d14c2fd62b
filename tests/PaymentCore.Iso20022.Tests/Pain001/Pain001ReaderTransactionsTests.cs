using System.Globalization;
using System.Text;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Tests.Pain001;

public class Pain001ReaderTransactionsTests
{
    [Fact]
    public async Task ReadTransactionsAsync_ValidV03_ReturnsEveryTransactionWithBlockAndLine()
    {
        await using FileStream file = TestFiles.Open("valid-v03-multi-currency.xml");

        List<Pain001Transaction> txs = await TestFiles.ReadAllAsync(file);

        Assert.Equal(7, txs.Count);
        Assert.Equal(
            ["E2E-EUR-1", "E2E-EUR-2", "E2E-EUR-3", "E2E-JPY-1", "E2E-JPY-2", "E2E-KWD-1", "E2E-KWD-2"],
            txs.Select(t => t.Payout.EndToEndId));
        Assert.Equal([38, 63, 84, 137, 160, 204, 225], txs.Select(t => t.LineNumber));
        Assert.Equal([100.00m, 250.50m, 1000.01m, 15000m, 2500m, 12.345m, 0.500m], txs.Select(t => t.Payout.Amount));
        Assert.Equal(["EUR", "EUR", "EUR", "JPY", "JPY", "KWD", "KWD"], txs.Select(t => t.Payout.Currency));

        // The amount keeps the scale written in the file: 0.500 KWD stays three decimals.
        Assert.Equal("0.500", txs[6].Payout.Amount.ToString(CultureInfo.InvariantCulture));

        Pain001Transaction first = txs[0];
        Assert.Equal(
            new PayoutInstruction("E2E-EUR-1", "INSTR-1", 100.00m, "EUR", "Jane Doe", "GB82WEST12345698765432", null, "NWBKGB2L", "Salary March 2025"),
            first.Payout);
        Assert.Equal("PMT-EUR-1", first.Block.PaymentInformationId);
        Assert.Equal("DE89370400440532013000", first.Block.DebtorIban);
        Assert.Equal(new DateOnly(2025, 3, 14), first.Block.RequestedExecutionDate);

        Assert.Equal("Bonus Q1 2025", txs[2].Payout.RemittanceInformation);
        Assert.Null(txs[1].Payout.RemittanceInformation);
        Assert.Null(txs[1].Payout.InstructionId);

        Assert.Null(txs[3].Payout.CreditorIban);
        Assert.Equal("1234567", txs[3].Payout.CreditorOtherAccountId);
        Assert.Null(txs[4].Payout.CreditorAgentBic);

        // Paper-format IBAN (with spaces) in the file is normalised to electronic format.
        Assert.Equal("CH9300762011623852957", txs[5].Payout.CreditorIban);

        // Transactions of one block share one block record: memory per transaction stays flat.
        Assert.Same(txs[0].Block, txs[2].Block);
        Assert.Same(txs[3].Block, txs[4].Block);
    }

    [Fact]
    public async Task ReadTransactionsAsync_V09_ReadsBicFiAndExecutionDateTime()
    {
        await using FileStream file = TestFiles.Open("valid-v09-dttm.xml");

        List<Pain001Transaction> txs = await TestFiles.ReadAllAsync(file);

        Assert.Equal(3, txs.Count);
        Assert.Equal("NWBKGB2L", txs[0].Payout.CreditorAgentBic);
        Assert.Equal(new DateTime(2025, 4, 1, 7, 30, 0, DateTimeKind.Utc), txs[0].Block.RequestedExecutionDateTime);
        Assert.Equal(new DateOnly(2025, 4, 2), txs[2].Block.RequestedExecutionDate);
        Assert.Equal(35.25m, txs.Sum(t => t.Payout.Amount));
    }

    [Fact]
    public async Task ReadTransactionsAsync_SwissSps_ReadsCreditorsAndRemittance()
    {
        await using FileStream file = TestFiles.Open("swiss-sps-ch02.xml");

        List<Pain001Transaction> txs = await TestFiles.ReadAllAsync(file);

        Assert.Equal(2, txs.Count);
        Assert.Equal("CH9300762011623852957", txs[0].Payout.CreditorIban);
        Assert.Equal("UBSWCHZH80A", txs[0].Payout.CreditorAgentBic);
        Assert.Equal("Lohn Maerz", txs[0].Payout.RemittanceInformation);
        Assert.Equal(249.95m, txs[1].Payout.Amount);
        Assert.Equal("CHF", txs[1].Payout.Currency);
    }

    [Fact]
    public async Task ReadTransactionsAsync_GeneratedLargeFile_StreamsEveryTransactionWithExactSum()
    {
        const int count = 200_000;
        string path = Path.Combine(Path.GetTempPath(), $"pain001-large-{Guid.NewGuid():N}.xml");
        try
        {
            decimal expectedSum = await WriteLargeFileAsync(path, count);

            await using (FileStream scanStream = File.OpenRead(path))
            {
                Pain001Summary summary = await Pain001Reader.ScanAsync(scanStream);
                Assert.Equal(count, summary.ActualNumberOfTransactions);
                Assert.Equal(expectedSum, summary.ActualControlSum);
                Assert.Empty(summary.Mismatches);
                Assert.Equal(4, summary.PaymentInformation.Count);
            }

            long seen = 0;
            decimal sum = 0m;
            string? lastId = null;
            await using (FileStream readStream = File.OpenRead(path))
            {
                await foreach (Pain001Transaction tx in Pain001Reader.ReadTransactionsAsync(readStream))
                {
                    seen++;
                    sum += tx.Payout.Amount;
                    lastId = tx.Payout.EndToEndId;
                }
            }

            Assert.Equal(count, seen);
            Assert.Equal(expectedSum, sum);
            Assert.Equal("E2E-199999", lastId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ReadTransactionsAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using FileStream file = TestFiles.Open("valid-v03-multi-currency.xml");
        using var cts = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Pain001Transaction tx in Pain001Reader.ReadTransactionsAsync(file, null, cts.Token))
            {
                seen++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    // Four blocks of 50,000, amounts 0.01 .. cycling so the expected sum is computed exactly alongside.
    private static async Task<decimal> WriteLargeFileAsync(string path, int count)
    {
        const int blocks = 4;
        int perBlock = count / blocks;
        decimal total = 0m;
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>
            <GrpHdr><MsgId>LARGE-1</MsgId><CreDtTm>2025-03-13T08:15:30</CreDtTm><NbOfTxs>{count}</NbOfTxs><InitgPty><Nm>ACME</Nm></InitgPty></GrpHdr>

            """);
        int n = 0;
        for (int b = 0; b < blocks; b++)
        {
            await writer.WriteAsync($"<PmtInf><PmtInfId>BLK-{b}</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>{perBlock}</NbOfTxs><ReqdExctnDt>2025-03-14</ReqdExctnDt><Dbtr><Nm>ACME</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>\n");
            for (int i = 0; i < perBlock; i++, n++)
            {
                decimal amount = ((n % 100_000) + 1) / 100m;
                total += amount;
                string text = amount.ToString(CultureInfo.InvariantCulture);
                await writer.WriteAsync($"<CdtTrfTxInf><PmtId><EndToEndId>E2E-{n}</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">{text}</InstdAmt></Amt><Cdtr><Nm>Creditor {n}</Nm></Cdtr><CdtrAcct><Id><IBAN>GB82WEST12345698765432</IBAN></Id></CdtrAcct><RmtInf><Ustrd>Salary {n}</Ustrd></RmtInf></CdtTrfTxInf>\n");
            }

            await writer.WriteAsync("</PmtInf>\n");
        }

        await writer.WriteAsync("</CstmrCdtTrfInitn></Document>\n");
        return total;
    }
}
