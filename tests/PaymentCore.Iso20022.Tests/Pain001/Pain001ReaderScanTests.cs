using PaymentCore.Iso20022.Pain001;

namespace PaymentCore.Iso20022.Tests.Pain001;

public class Pain001ReaderScanTests
{
    [Fact]
    public async Task ScanAsync_ValidV03MultiCurrency_ReturnsHeaderBlocksAndTotals()
    {
        await using FileStream file = TestFiles.Open("valid-v03-multi-currency.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        Assert.Equal(Pain001Version.V03, summary.Version);
        Assert.Equal("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", summary.Namespace);
        Assert.Equal("MSG-2025-0001", summary.MessageId);
        Assert.Equal(new DateTime(2025, 3, 13, 8, 15, 30, DateTimeKind.Unspecified), summary.CreationDateTime);
        Assert.Equal(DateTimeKind.Unspecified, summary.CreationDateTime.Kind);
        Assert.Equal("ACME Payroll GmbH", summary.InitiatingPartyName);
        Assert.Equal(7, summary.DeclaredNumberOfTransactions);
        Assert.Equal(18863.355m, summary.DeclaredControlSum);
        Assert.Equal(7, summary.ActualNumberOfTransactions);
        Assert.Equal(18863.355m, summary.ActualControlSum);
        Assert.Empty(summary.Mismatches);
        Assert.True(summary.ControlTotalsMatch);

        Assert.Equal(["PMT-EUR-1", "PMT-JPY-1", "PMT-KWD-1"], summary.PaymentInformation.Select(b => b.Block.PaymentInformationId));

        Pain001BlockSummary eur = summary.PaymentInformation[0];
        Assert.Equal("ACME Payroll GmbH", eur.Block.DebtorName);
        Assert.Equal("DE89370400440532013000", eur.Block.DebtorIban);
        Assert.Null(eur.Block.DebtorOtherAccountId);
        Assert.Equal("COBADEFFXXX", eur.Block.DebtorAgentBic);
        Assert.Equal(new DateOnly(2025, 3, 14), eur.Block.RequestedExecutionDate);
        Assert.Null(eur.Block.RequestedExecutionDateTime);
        Assert.Equal(13, eur.Block.LineNumber);
        Assert.Equal(3, eur.DeclaredNumberOfTransactions);
        Assert.Equal(1350.51m, eur.DeclaredControlSum);
        Assert.Equal(3, eur.ActualNumberOfTransactions);
        Assert.Equal(1350.51m, eur.ActualControlSum);

        Pain001BlockSummary jpy = summary.PaymentInformation[1];
        Assert.Null(jpy.Block.DebtorIban);
        Assert.Equal("JP-0012345", jpy.Block.DebtorOtherAccountId);
        Assert.Equal(new DateOnly(2025, 3, 17), jpy.Block.RequestedExecutionDate);
        Assert.Equal(2, jpy.ActualNumberOfTransactions);
        Assert.Equal(17500m, jpy.ActualControlSum);

        Pain001BlockSummary kwd = summary.PaymentInformation[2];
        Assert.Equal("KW81CBKU0000000000001234560101", kwd.Block.DebtorIban);
        Assert.Equal(2, kwd.ActualNumberOfTransactions);
        Assert.Equal(12.845m, kwd.ActualControlSum);
    }

    [Fact]
    public async Task ScanAsync_V09WithDtTmChoice_ReadsDateTimeAndDate()
    {
        await using FileStream file = TestFiles.Open("valid-v09-dttm.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        Assert.Equal(Pain001Version.V09, summary.Version);
        Assert.Equal(new DateTime(2025, 3, 31, 14, 0, 0, DateTimeKind.Utc), summary.CreationDateTime);
        Assert.Equal(DateTimeKind.Utc, summary.CreationDateTime.Kind);
        Assert.Equal(3, summary.ActualNumberOfTransactions);
        Assert.Equal(35.25m, summary.ActualControlSum);
        Assert.Empty(summary.Mismatches);

        Pain001PaymentBlock dtTm = summary.PaymentInformation[0].Block;
        Assert.Equal(new DateTime(2025, 4, 1, 7, 30, 0, DateTimeKind.Utc), dtTm.RequestedExecutionDateTime);
        Assert.Equal(new DateOnly(2025, 4, 1), dtTm.RequestedExecutionDate);
        Assert.Equal("COBADEFFXXX", dtTm.DebtorAgentBic);

        Pain001PaymentBlock dt = summary.PaymentInformation[1].Block;
        Assert.Null(dt.RequestedExecutionDateTime);
        Assert.Equal(new DateOnly(2025, 4, 2), dt.RequestedExecutionDate);
    }

    [Fact]
    public async Task ScanAsync_CtrlSumAbsent_IsNotAMismatch()
    {
        await using FileStream file = TestFiles.Open("ctrlsum-absent.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        Assert.Null(summary.DeclaredControlSum);
        Assert.Null(summary.PaymentInformation[0].DeclaredControlSum);
        Assert.Null(summary.PaymentInformation[0].DeclaredNumberOfTransactions);
        Assert.Equal(2, summary.ActualNumberOfTransactions);
        Assert.Equal(3.00m, summary.ActualControlSum);
        Assert.Empty(summary.Mismatches);
        Assert.Equal(new DateTime(2025, 3, 13, 8, 15, 30, DateTimeKind.Utc), summary.CreationDateTime);
    }

    [Fact]
    public async Task ScanAsync_WrongGroupNbOfTxs_ReportsOneGroupMismatchWithAm18()
    {
        await using FileStream file = TestFiles.Open("wrong-nboftxs.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        ControlTotalMismatch mismatch = Assert.Single(summary.Mismatches);
        Assert.Equal(new ControlTotalMismatch(ControlTotalLevel.Group, null, ControlTotalField.NumberOfTransactions, 3m, 2m), mismatch);
        Assert.Equal("AM18", mismatch.ReasonCode);
        Assert.False(summary.ControlTotalsMatch);
    }

    [Fact]
    public async Task ScanAsync_WrongBlockCtrlSum_ReportsOneBlockMismatchWithAm10()
    {
        await using FileStream file = TestFiles.Open("wrong-block-ctrlsum.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        ControlTotalMismatch mismatch = Assert.Single(summary.Mismatches);
        Assert.Equal(new ControlTotalMismatch(ControlTotalLevel.PaymentInformation, "PMT-B", ControlTotalField.ControlSum, 50.00m, 45.00m), mismatch);
        Assert.Equal("AM10", mismatch.ReasonCode);
        Assert.Equal(55.00m, summary.ActualControlSum);
    }

    [Fact]
    public async Task ScanAsync_SwissSpsNamespace_ReadsByStructureAsV03()
    {
        await using FileStream file = TestFiles.Open("swiss-sps-ch02.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        Assert.Equal(Pain001Version.V03, summary.Version);
        Assert.Equal("http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd", summary.Namespace);
        Assert.Equal("MSG-CH-0001", summary.MessageId);
        Assert.Equal(2, summary.ActualNumberOfTransactions);
        Assert.Equal(1749.95m, summary.ActualControlSum);
        Assert.Equal("CH5604835012345678009", summary.PaymentInformation[0].Block.DebtorIban);
        Assert.Empty(summary.Mismatches);
    }

    [Fact]
    public async Task ScanAsync_BadAccountsFile_StillScansAllTransactions()
    {
        await using FileStream file = TestFiles.Open("bad-ibans.xml");

        Pain001Summary summary = await Pain001Reader.ScanAsync(file);

        Assert.Equal(6, summary.ActualNumberOfTransactions);
        Assert.Equal(50.00m, summary.ActualControlSum);
        Assert.Empty(summary.Mismatches);
    }
}
