using PaymentCore.Iso20022.Pain001;

namespace PaymentCore.Iso20022.Tests.Pain001;

public class Pain001ReaderErrorTests
{
    [Theory]
    [InlineData("xxe-external-entity.xml")]
    [InlineData("billion-laughs.xml")]
    public async Task ScanAsync_DtdInFile_RefusesBeforeExpandingAnything(string name)
    {
        await using FileStream file = TestFiles.Open(name);

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(file));

        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xxe-external-entity.xml")]
    [InlineData("billion-laughs.xml")]
    public async Task ReadTransactionsAsync_DtdInFile_Refuses(string name)
    {
        await using FileStream file = TestFiles.Open(name);

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => TestFiles.ReadAllAsync(file));

        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_MalformedXml_ReportsLineOfTheBrokenTag()
    {
        await using FileStream file = TestFiles.Open("malformed.xml");

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(file));

        Assert.Equal(16, ex.LineNumber);
        Assert.Contains("not well-formed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(line 16,", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_Pain008File_RefusedAsOtherMessage()
    {
        await using FileStream file = TestFiles.Open("pain008-direct-debit.xml");

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(file));

        Assert.Equal("The message is pain.008.001.02 (namespace 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02'), not a pain.001 Customer Credit Transfer Initiation.", ex.Problem);
        Assert.Equal(2, ex.LineNumber);
    }

    [Fact]
    public async Task ScanAsync_UnsupportedPain001Version_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(ns: "urn:iso:std:iso:20022:tech:xsd:pain.001.001.05"));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("The message is pain.001.001.05 (namespace 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.05'); only pain.001.001.03 and pain.001.001.09 are supported.", ex.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("urn:example:payments")]
    public async Task ScanAsync_NonIsoNamespace_Refused(string ns)
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(ns: ns));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal($"The namespace '{ns}' is not an ISO 20022 pain.001 namespace (nor one of Pain001ReaderOptions.NationalNamespaces).", ex.Problem);
    }

    [Fact]
    public async Task ScanAsync_WrongRoot_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(root: "Envelope"));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("The root element is <Envelope>; an ISO 20022 message has <Document>.", ex.Problem);
        Assert.Equal(2, ex.LineNumber);
    }

    [Fact]
    public async Task ScanAsync_MissingMsgId_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(msgId: string.Empty));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("<GrpHdr> has no <MsgId>; the message id is mandatory.", ex.Problem);
        Assert.Equal(4, ex.LineNumber);
    }

    [Fact]
    public async Task ScanAsync_MissingNbOfTxs_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(nbOfTxs: string.Empty));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("<GrpHdr> has no <NbOfTxs>; the number of transactions is mandatory.", ex.Problem);
    }

    [Fact]
    public async Task ReadTransactionsAsync_MissingEndToEndId_RefusedAtTheTransactionLine()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(pmtId: "<PmtId><InstrId>I-1</InstrId></PmtId>"));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => TestFiles.ReadAllAsync(stream));

        Assert.Equal("<CdtTrfTxInf> in block 'PMT-1' has no <PmtId>/<EndToEndId>; the end-to-end id is mandatory.", ex.Problem);
        Assert.Equal(17, ex.LineNumber);
    }

    [Fact]
    public async Task ReadTransactionsAsync_MissingInstdAmt_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(amount: string.Empty));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => TestFiles.ReadAllAsync(stream));

        Assert.Equal("<CdtTrfTxInf> 'E2E-1' in block 'PMT-1' has no <Amt>/<InstdAmt> or <Amt>/<EqvtAmt>; the amount is mandatory.", ex.Problem);
    }

    [Fact]
    public async Task ReadTransactionsAsync_MissingCcy_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(amount: "<Amt><InstdAmt>10.00</InstdAmt></Amt>"));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => TestFiles.ReadAllAsync(stream));

        Assert.Equal("<InstdAmt> of transaction starting at line 17 has no Ccy attribute; the currency is mandatory.", ex.Problem);
        Assert.Equal(19, ex.LineNumber);
    }

    [Theory]
    [InlineData("-10.00", "<CdtTrfTxInf/Amt/InstdAmt> is '-10.00'; it must not be negative.")]
    [InlineData("1E3", "<CdtTrfTxInf/Amt/InstdAmt> is '1E3', which is not a decimal number (digits with an optional '.', no sign, exponent or separators).")]
    [InlineData("1,000.00", "<CdtTrfTxInf/Amt/InstdAmt> is '1,000.00', which is not a decimal number (digits with an optional '.', no sign, exponent or separators).")]
    [InlineData("10,50", "<CdtTrfTxInf/Amt/InstdAmt> is '10,50', which is not a decimal number (digits with an optional '.', no sign, exponent or separators).")]
    [InlineData("ten", "<CdtTrfTxInf/Amt/InstdAmt> is 'ten', which is not a decimal number (digits with an optional '.', no sign, exponent or separators).")]
    [InlineData("", "<CdtTrfTxInf/Amt/InstdAmt> is empty; it must be a decimal number.")]
    [InlineData("1.123456", "<CdtTrfTxInf/Amt/InstdAmt> is '1.123456', which has more than the 5 fraction digits ISO 20022 allows.")]
    public async Task ReadTransactionsAsync_BadAmountText_RefusedWithWhatAndWhere(string amount, string expected)
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(amount: $"<Amt><InstdAmt Ccy=\"EUR\">{amount}</InstdAmt></Amt>"));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => TestFiles.ReadAllAsync(stream));

        Assert.Equal(expected, ex.Problem);
        Assert.Equal(19, ex.LineNumber);
    }

    [Fact]
    public async Task ReadTransactionsAsync_TrailingZerosBeyondFiveDecimals_Accepted()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(amount: "<Amt><InstdAmt Ccy=\"EUR\">10.1000000</InstdAmt></Amt>"));

        Pain001Transaction tx = Assert.Single(await TestFiles.ReadAllAsync(stream));

        Assert.Equal(10.1m, tx.Payout.Amount);
    }

    [Fact]
    public async Task ScanAsync_MissingExecutionDate_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal(execution: string.Empty));

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Equal("Payment information block 'PMT-1' has no <ReqdExctnDt> before its first <CdtTrfTxInf>; the requested execution date is mandatory.", ex.Problem);
        Assert.Equal(10, ex.LineNumber);
    }

    [Fact]
    public async Task ScanAsync_FileLargerThanLimit_Refused()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal());

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(
            () => Pain001Reader.ScanAsync(stream, new Pain001ReaderOptions { MaxInputBytes = 256 }));

        Assert.Equal("The file is larger than the limit of 256 bytes (Pain001ReaderOptions.MaxInputBytes).", ex.Problem);
    }

    [Fact]
    public async Task ScanAsync_FileWithinLimit_Read()
    {
        string xml = TestFiles.Minimal();
        using MemoryStream stream = TestFiles.FromText(xml);

        Pain001Summary summary = await Pain001Reader.ScanAsync(stream, new Pain001ReaderOptions { MaxInputBytes = System.Text.Encoding.UTF8.GetByteCount(xml) });

        Assert.Equal(1, summary.ActualNumberOfTransactions);
    }

    [Fact]
    public async Task ScanAsync_NonPositiveLimit_ThrowsArgumentOutOfRange()
    {
        using MemoryStream stream = TestFiles.FromText(TestFiles.Minimal());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Pain001Reader.ScanAsync(stream, new Pain001ReaderOptions { MaxInputBytes = 0 }));
    }

    [Fact]
    public async Task ScanAsync_TruncatedFile_Refused()
    {
        string xml = TestFiles.Minimal();
        using MemoryStream stream = TestFiles.FromText(xml[..xml.IndexOf("</PmtInf>", StringComparison.Ordinal)]);

        Pain001FormatException ex = await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));

        Assert.Contains("not well-formed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_EmptyStream_Refused()
    {
        using var stream = new MemoryStream();

        await Assert.ThrowsAsync<Pain001FormatException>(() => Pain001Reader.ScanAsync(stream));
    }
}
