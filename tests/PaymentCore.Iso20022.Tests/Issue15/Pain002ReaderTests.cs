using System.Text;
using PaymentCore.Iso20022.Pain002;
using static PaymentCore.Iso20022.Tests.Issue15.Pain002Files;

namespace PaymentCore.Iso20022.Tests.Issue15;

public sealed class Pain002ReaderTests
{
    [Theory]
    [InlineData(V03)]
    [InlineData(V10)]
    [InlineData(SwissCh02)]
    public async Task ReadAsync_GroupBlockAndTransactions_InFileOrderWithReasons(string ns)
    {
        var xml = Report("MSG-15", Block("PMT-1", Transaction("E-1", "ACSC") + Transaction("E-2", "RJCT", "AC04", "Account closed", "at the creditor's request")), "PART", ns: ns);

        var statuses = await ReadAllAsync(xml);

        Assert.Equal([Pain002StatusLevel.Group, Pain002StatusLevel.PaymentInformation, Pain002StatusLevel.Transaction, Pain002StatusLevel.Transaction], statuses.Select(s => s.Level));
        Assert.All(statuses, s => Assert.Equal("MSG-15", s.OriginalMessageId));
        Assert.All(statuses, s => Assert.Equal("BANK-STS-1", s.ReportMessageId));
        Assert.Equal(Pain002Status.PartiallyAccepted, statuses[0].Status);
        Assert.Equal("PMT-1", statuses[1].OriginalPaymentInformationId);
        Assert.Null(statuses[1].Status);
        Assert.Equal(Pain002Status.AcceptedSettlementCompleted, statuses[2].Status);
        var rejected = statuses[3];
        Assert.Equal(("PMT-1", "I-E-2", "E-2", "RJCT"), (rejected.OriginalPaymentInformationId, rejected.OriginalInstructionId, rejected.OriginalEndToEndId, rejected.StatusCode));
        Assert.Equal("AC04", rejected.ReasonCode);
        Assert.Equal("AC04: Account closed at the creditor's request", rejected.ReasonText);
    }

    [Theory]
    [InlineData("ACCP", Pain002Status.AcceptedCustomerProfile)]
    [InlineData("ACSP", Pain002Status.AcceptedSettlementInProcess)]
    [InlineData("ACWC", Pain002Status.AcceptedWithChange)]
    [InlineData("PEND", Pain002Status.Pending)]
    [InlineData("PDNG", Pain002Status.Pending)]
    [InlineData("ACTC", Pain002Status.AcceptedTechnicalValidation)]
    public async Task ReadAsync_StatusCodes_AreKnown(string code, Pain002Status expected)
    {
        var statuses = await ReadAllAsync(Report("MSG-15", Block("PMT-1", Transaction("E-1", code), status: code), code));

        Assert.All(statuses, s => Assert.Equal(expected, s.Status));
    }

    /// <summary>An empty block names no payment-information id: refused with a typed error that names the element and its line (the shared child walk stops at an empty element).</summary>
    [Fact]
    public async Task ReadAsync_EmptyBlock_RefusedNamingTheElementAndLine()
    {
        var ex = await Assert.ThrowsAsync<Pain002FormatException>(() => ReadAllAsync(Report("MSG-15", "<OrgnlPmtInfAndSts/>" + Block("PMT-1", Transaction("E-1", "ACSC")))));

        Assert.Contains("<OrgnlPmtInfAndSts> is empty; it must name <OrgnlPmtInfId>.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 15", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnknownCode_KeptAsWrittenWithNoStatus()
    {
        var statuses = await ReadAllAsync(Report("MSG-15", Block("PMT-1", Transaction("E-1", "ZZZZ"))));

        Assert.Equal("ZZZZ", statuses[^1].StatusCode);
        Assert.Null(statuses[^1].Status);
    }

    [Fact]
    public async Task ReadAsync_BlockStatusWithReasonAndNoTransactions_IsOneBlockEntry()
    {
        var statuses = await ReadAllAsync(Report("MSG-15", Block("PMT-1", string.Empty, "RJCT", Reason("AM18", "NbOfTxs differs"))));

        var block = Assert.Single(statuses, s => s.Level == Pain002StatusLevel.PaymentInformation);
        Assert.Equal(Pain002Status.Rejected, block.Status);
        Assert.Equal("AM18", block.ReasonCode);
    }

    [Fact]
    public async Task ReadAsync_WhatOurWriterWrote_ReadsBack()
    {
        using var buffer = new MemoryStream();
        await Pain002Writer.WriteAsync(buffer, new Pain002Report
        {
            MessageId = "STS-1",
            CreationDateTime = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
            OriginalMessageId = "MSG-15",
            GroupStatus = Pain002Status.PartiallyAccepted,
            Transactions = new[] { new Pain002TransactionStatus("PMT-1", "I-1", "E-1", Pain002Status.Rejected, new Pain002StatusReason("AC01", new string('x', 50) + " " + new string('y', 100))) }.ToAsyncEnumerable(),
        });
        buffer.Position = 0;

        var statuses = await ReadAllAsync(buffer);

        Assert.Equal("E-1", statuses[^1].OriginalEndToEndId);
        Assert.Equal("AC01: " + new string('x', 50) + " " + new string('y', 100), statuses[^1].ReasonText);
    }

    [Fact]
    public async Task ReadAsync_Dtd_Refused()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>&x;</CstmrPmtStsRpt></Document>
            """;

        var ex = await Assert.ThrowsAsync<Pain002FormatException>(() => ReadAllAsync(xml));

        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheLimit_Refused()
    {
        var xml = Report("MSG-15", Block("PMT-1", string.Concat(Enumerable.Range(1, 200).Select(i => Transaction($"E-{i}", "ACSC")))));

        var ex = await Assert.ThrowsAsync<Pain002FormatException>(() => ReadAllAsync(xml, new Pain002ReaderOptions { MaxInputBytes = 4096 }));

        Assert.Contains("larger than the limit of 4096 bytes", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Pain001Document_RefusedAsNotAStatusReport()
    {
        var ex = await Assert.ThrowsAsync<Pain002FormatException>(() => ReadAllAsync(TestFiles.Minimal()));

        Assert.Contains("not a Customer Payment Status Report", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TransactionWithoutEndToEndId_RefusedWithTheLine()
    {
        var xml = Report("MSG-15", Block("PMT-1", Transaction("E-1", "ACSC").Replace("<OrgnlEndToEndId>E-1</OrgnlEndToEndId>", string.Empty, StringComparison.Ordinal)));

        var ex = await Assert.ThrowsAsync<Pain002FormatException>(() => ReadAllAsync(xml));

        Assert.Equal("<TxInfAndSts>/<OrgnlEndToEndId> is missing; the report cannot be matched without it.", ex.Problem);
        Assert.True(ex.LineNumber > 10);
    }

    [Fact]
    public async Task ReadAsync_HugeAdditionalInformation_IsBoundedAndEscaped()
    {
        var xml = Report("MSG-15", Block("PMT-1", Transaction("E-1", "RJCT", "NARR", "ab&#x85;" + new string('z', 1_000_000))));

        var statuses = await ReadAllAsync(xml);

        var text = statuses[^1].ReasonText!;
        Assert.True(text.Length < 1200, $"{text.Length} characters");
        Assert.DoesNotContain('\u0085', text);
        Assert.StartsWith("NARR: ab\\u0085zz", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoOriginalGroup_Refused()
    {
        var xml = Report("MSG-15", string.Empty).Replace("<OrgnlGrpInfAndSts>", "<Other>", StringComparison.Ordinal).Replace("</OrgnlGrpInfAndSts>", "</Other>", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<Pain002FormatException>(() => ReadAllAsync(xml));

        Assert.Contains("no <OrgnlGrpInfAndSts>", ex.Problem, StringComparison.Ordinal);
    }

    private static Task<List<Pain002ReportedStatus>> ReadAllAsync(string xml, Pain002ReaderOptions? options = null) =>
        ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), options);

    private static async Task<List<Pain002ReportedStatus>> ReadAllAsync(Stream stream, Pain002ReaderOptions? options = null)
    {
        var list = new List<Pain002ReportedStatus>();
        await foreach (var status in Pain002Reader.ReadAsync(stream, options))
        {
            list.Add(status);
        }

        return list;
    }
}
