using System.Xml.Linq;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Pain002;

namespace PaymentCore.Iso20022.Tests.Pain002;

public class Pain002WriterTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 14, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task WriteAsync_ChecksOfBadAccountsFile_RoundTripsStatusesAndReasons()
    {
        await using FileStream file = TestFiles.Open("bad-ibans.xml");
        var statuses = new List<Pain002TransactionStatus>();
        await foreach (Pain001Transaction tx in Pain001Reader.ReadTransactionsAsync(file))
        {
            statuses.Add(Pain002TransactionStatus.FromCheck(tx, Pain001TransactionCheck.Check(tx)));
        }

        var report = new Pain002Report
        {
            MessageId = "STS-0001",
            CreationDateTime = Created,
            InitiatingPartyName = "PaymentCore",
            OriginalMessageId = "MSG-BAD-ACCOUNTS",
            OriginalNumberOfTransactions = 6,
            OriginalControlSum = 50.00m,
            GroupStatus = Pain002Status.PartiallyAccepted,
            Transactions = statuses.ToAsyncEnumerable(),
        };
        using var output = new MemoryStream();

        await Pain002Writer.WriteAsync(output, report);

        output.Position = 0;
        XDocument doc = XDocument.Load(output);
        XNamespace ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";
        XElement root = doc.Root!;
        Assert.Equal(ns + "Document", root.Name);
        XElement rpt = root.Element(ns + "CstmrPmtStsRpt")!;
        Assert.Equal("STS-0001", rpt.Element(ns + "GrpHdr")!.Element(ns + "MsgId")!.Value);
        Assert.Equal("2025-03-14T09:00:00+01:00", rpt.Element(ns + "GrpHdr")!.Element(ns + "CreDtTm")!.Value);
        Assert.Equal("PaymentCore", rpt.Element(ns + "GrpHdr")!.Element(ns + "InitgPty")!.Element(ns + "Nm")!.Value);

        XElement group = rpt.Element(ns + "OrgnlGrpInfAndSts")!;
        Assert.Equal(
            ["OrgnlMsgId", "OrgnlMsgNmId", "OrgnlNbOfTxs", "OrgnlCtrlSum", "GrpSts"],
            group.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("MSG-BAD-ACCOUNTS", group.Element(ns + "OrgnlMsgId")!.Value);
        Assert.Equal("pain.001.001.03", group.Element(ns + "OrgnlMsgNmId")!.Value);
        Assert.Equal("6", group.Element(ns + "OrgnlNbOfTxs")!.Value);
        Assert.Equal("50.00", group.Element(ns + "OrgnlCtrlSum")!.Value);
        Assert.Equal("PART", group.Element(ns + "GrpSts")!.Value);

        XElement block = Assert.Single(rpt.Elements(ns + "OrgnlPmtInfAndSts"));
        Assert.Equal("PMT-1", block.Element(ns + "OrgnlPmtInfId")!.Value);
        var read = block.Elements(ns + "TxInfAndSts").Select(t => (
            EndToEndId: t.Element(ns + "OrgnlEndToEndId")!.Value,
            Status: t.Element(ns + "TxSts")!.Value,
            Code: t.Element(ns + "StsRsnInf")?.Element(ns + "Rsn")!.Element(ns + "Cd")!.Value,
            Info: string.Concat(t.Element(ns + "StsRsnInf")?.Elements(ns + "AddtlInf").Select(a => a.Value) ?? [])))
            .ToList();
        Assert.Equal(
            [
                ("E2E-OK", "ACCP", (string?)null),
                ("E2E-BAD-CHECKSUM", "RJCT", "AC01"),
                ("E2E-BAD-LENGTH", "RJCT", "AC01"),
                ("E2E-BAD-BIC", "RJCT", "RC01"),
                ("E2E-BAD-CCY", "RJCT", "AM03"),
                ("E2E-ZERO", "RJCT", "AM12"),
            ],
            read.Select(r => (r.EndToEndId, r.Status, r.Code)));
        Assert.Equal("The amount 0.00 is not positive.", read[5].Info);
    }

    [Fact]
    public async Task WriteAsync_RejectedGroupV10_WritesNamespaceReasonAndSplitsLongText()
    {
        string longText = new('x', 230);
        var report = new Pain002Report
        {
            Version = Pain002Version.V10,
            MessageId = "STS-2",
            CreationDateTime = new DateTimeOffset(2025, 3, 14, 9, 0, 0, 500, TimeSpan.Zero),
            OriginalMessageId = "MSG-WRONG-COUNT",
            OriginalMessageNameId = "pain.001.001.09",
            GroupStatus = Pain002Status.Rejected,
            GroupStatusReason = new Pain002StatusReason(BatchReasonCodes.InvalidNumberOfTransactions, longText),
        };
        using var output = new MemoryStream();

        await Pain002Writer.WriteAsync(output, report);

        output.Position = 0;
        XDocument doc = XDocument.Load(output);
        XNamespace ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10";
        XElement group = doc.Root!.Element(ns + "CstmrPmtStsRpt")!.Element(ns + "OrgnlGrpInfAndSts")!;
        Assert.Equal("2025-03-14T09:00:00.5+00:00", doc.Root!.Element(ns + "CstmrPmtStsRpt")!.Element(ns + "GrpHdr")!.Element(ns + "CreDtTm")!.Value);
        Assert.Equal("RJCT", group.Element(ns + "GrpSts")!.Value);
        XElement reason = group.Element(ns + "StsRsnInf")!;
        Assert.Equal("AM18", reason.Element(ns + "Rsn")!.Element(ns + "Cd")!.Value);
        Assert.Equal([105, 105, 20], reason.Elements(ns + "AddtlInf").Select(a => a.Value.Length));
        Assert.Empty(doc.Root!.Element(ns + "CstmrPmtStsRpt")!.Elements(ns + "OrgnlPmtInfAndSts"));
    }

    [Fact]
    public async Task WriteAsync_StatusesOfSeveralBlocks_GroupsConsecutiveOnes()
    {
        Pain002TransactionStatus[] statuses =
        [
            new("B1", "I1", "E1", Pain002Status.AcceptedSettlementCompleted),
            new("B1", null, "E2", Pain002Status.Pending),
            new("B2", null, "E3", Pain002Status.Rejected, new Pain002StatusReason("AM04", "Insufficient funds")),
        ];
        var report = new Pain002Report
        {
            MessageId = "STS-3",
            CreationDateTime = Created,
            OriginalMessageId = "MSG-3",
            GroupStatus = Pain002Status.PartiallyAccepted,
            Transactions = statuses.ToAsyncEnumerable(),
        };
        using var output = new MemoryStream();

        await Pain002Writer.WriteAsync(output, report);

        output.Position = 0;
        XDocument doc = XDocument.Load(output);
        XNamespace ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";
        var blocks = doc.Descendants(ns + "OrgnlPmtInfAndSts").ToList();
        Assert.Equal(["B1", "B2"], blocks.Select(b => b.Element(ns + "OrgnlPmtInfId")!.Value));
        Assert.Equal(["ACSC", "PDNG"], blocks[0].Elements(ns + "TxInfAndSts").Select(t => t.Element(ns + "TxSts")!.Value));
        Assert.Equal("I1", blocks[0].Element(ns + "TxInfAndSts")!.Element(ns + "OrgnlInstrId")!.Value);
        Assert.Equal(
            ["OrgnlInstrId", "OrgnlEndToEndId", "TxSts"],
            blocks[0].Element(ns + "TxInfAndSts")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("AM04", blocks[1].Descendants(ns + "Cd").Single().Value);
    }

    [Fact]
    public async Task WriteAsync_TransactionWithPartStatus_ThrowsArgumentException()
    {
        var report = new Pain002Report
        {
            MessageId = "STS-4",
            CreationDateTime = Created,
            OriginalMessageId = "MSG-4",
            Transactions = new[] { new Pain002TransactionStatus("B1", null, "E1", Pain002Status.PartiallyAccepted) }.ToAsyncEnumerable(),
        };
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentException>(() => Pain002Writer.WriteAsync(output, report));
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123456")]
    public async Task WriteAsync_MessageIdNotMax35Text_ThrowsArgumentException(string messageId)
    {
        var report = new Pain002Report { MessageId = messageId, CreationDateTime = Created, OriginalMessageId = "MSG" };
        using var output = new MemoryStream();

        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>(() => Pain002Writer.WriteAsync(output, report));

        Assert.Equal("MessageId", ex.ParamName);
        Assert.Equal(0, output.Length);
    }
}
