using PaymentCore.Iso20022.Pain001;

namespace PaymentCore.Iso20022.Tests;

/// <summary>
/// Finds the hand-written files under Files/. They are read from the output folder when the project copies
/// them there, else from the source tree next to the built test assembly (bin/{Configuration}/{TFM}/ sits
/// three levels under the project folder).
/// </summary>
internal static class TestFiles
{
    public static string PathOf(string name)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Files", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Test file Files/{name} not found above {AppContext.BaseDirectory}.");
    }

    public static FileStream Open(string name) => File.OpenRead(PathOf(name));

    public static MemoryStream FromText(string xml) => new(System.Text.Encoding.UTF8.GetBytes(xml));

    public static async Task<List<Pain001Transaction>> ReadAllAsync(Stream stream, Pain001ReaderOptions? options = null)
    {
        var list = new List<Pain001Transaction>();
        await foreach (Pain001Transaction tx in Pain001Reader.ReadTransactionsAsync(stream, options))
        {
            list.Add(tx);
        }

        return list;
    }

    /// <summary>A minimal valid pain.001.001.03 with one block and one transaction, with parts replaceable for error cases.</summary>
    public static string Minimal(
        string ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
        string msgId = "<MsgId>MSG-1</MsgId>",
        string nbOfTxs = "<NbOfTxs>1</NbOfTxs>",
        string pmtId = "<PmtId><InstrId>I-1</InstrId><EndToEndId>E2E-1</EndToEndId></PmtId>",
        string amount = "<Amt><InstdAmt Ccy=\"EUR\">10.00</InstdAmt></Amt>",
        string root = "Document",
        string execution = "<ReqdExctnDt>2025-03-14</ReqdExctnDt>") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <{root} xmlns="{ns}">
          <CstmrCdtTrfInitn>
            <GrpHdr>
              {msgId}
              <CreDtTm>2025-03-13T08:15:30</CreDtTm>
              {nbOfTxs}
              <InitgPty><Nm>ACME</Nm></InitgPty>
            </GrpHdr>
            <PmtInf>
              <PmtInfId>PMT-1</PmtInfId>
              <PmtMtd>TRF</PmtMtd>
              {execution}
              <Dbtr><Nm>ACME</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
              <DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>
              <CdtTrfTxInf>
                {pmtId}
                {amount}
                <Cdtr><Nm>Jane Doe</Nm></Cdtr>
                <CdtrAcct><Id><IBAN>GB82WEST12345698765432</IBAN></Id></CdtrAcct>
              </CdtTrfTxInf>
            </PmtInf>
          </CstmrCdtTrfInitn>
        </{root}>
        """;
}
