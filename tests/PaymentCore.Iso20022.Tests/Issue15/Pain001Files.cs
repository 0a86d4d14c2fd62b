using System.Globalization;
using System.Text;
using PaymentCore.Iso20022.Batch;

namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>Writes pain.001 files for the issue 15 tests: one group header, blocks and transactions given as XML fragments.</summary>
internal static class Pain001Files
{
    public const string V03 = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    public static string Transaction(string endToEndId, string amount = "<InstdAmt Ccy=\"EUR\">10.00</InstdAmt>", string creditorName = "Jane Doe", string iban = "GB82WEST12345698765432", string extra = "") => $"""
              <CdtTrfTxInf>
                <PmtId><InstrId>I-{endToEndId}</InstrId><EndToEndId>{endToEndId}</EndToEndId></PmtId>
                <Amt>{amount}</Amt>
                <Cdtr><Nm>{creditorName}</Nm></Cdtr>
                <CdtrAcct><Id><IBAN>{iban}</IBAN></Id></CdtrAcct>
                {extra}
              </CdtTrfTxInf>
        """;

    public static string Block(string id, string transactions, string? nbOfTxs = null, string? ctrlSum = null, string debtorIban = "DE89370400440532013000", string method = "TRF") => $"""
            <PmtInf>
              <PmtInfId>{id}</PmtInfId>
              <PmtMtd>{method}</PmtMtd>
              {(nbOfTxs is null ? string.Empty : $"<NbOfTxs>{nbOfTxs}</NbOfTxs>")}
              {(ctrlSum is null ? string.Empty : $"<CtrlSum>{ctrlSum}</CtrlSum>")}
              <ReqdExctnDt>2025-03-14</ReqdExctnDt>
              <Dbtr><Nm>ACME</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>{debtorIban}</IBAN></Id></DbtrAcct>
              <DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>
        {transactions}
            </PmtInf>
        """;

    public static string Document(string blocks, string nbOfTxs, string? ctrlSum = null, string msgId = "MSG-15", string ns = V03) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="{ns}">
          <CstmrCdtTrfInitn>
            <GrpHdr>
              <MsgId>{msgId}</MsgId>
              <CreDtTm>2025-03-13T08:15:30</CreDtTm>
              <NbOfTxs>{nbOfTxs}</NbOfTxs>
              {(ctrlSum is null ? string.Empty : $"<CtrlSum>{ctrlSum}</CtrlSum>")}
              <InitgPty><Nm>ACME</Nm></InitgPty>
            </GrpHdr>
        {blocks}
          </CstmrCdtTrfInitn>
        </Document>
        """;

    /// <summary>The shape of the Swiss bank sample of issue 15: 7 declared, 8 present, the 8th an equivalent amount.</summary>
    public static string SevenDeclaredEightPresentLastEquivalent()
    {
        var transactions = new StringBuilder();
        for (int i = 1; i <= 7; i++)
        {
            transactions.Append(Transaction(string.Create(CultureInfo.InvariantCulture, $"E2E-{i}"), "<InstdAmt Ccy=\"CHF\">100.00</InstdAmt>", iban: "CH9300762011623852957"));
        }

        transactions.Append(Transaction("E2E-8", "<EqvtAmt><Amt Ccy=\"CHF\">50.00</Amt><CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>", iban: "DE89370400440532013000"));
        return Document(Block("PMT-CH", transactions.ToString(), debtorIban: "CH9300762011623852957"), nbOfTxs: "7", ctrlSum: "750.00");
    }

    public static MemoryStream Stream(string xml) => new(Encoding.UTF8.GetBytes(xml));

    public static Pain001BatchSource Source(string xml)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        return new Pain001BatchSource(() => new MemoryStream(bytes));
    }
}
