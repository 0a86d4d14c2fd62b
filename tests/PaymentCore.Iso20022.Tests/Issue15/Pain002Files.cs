namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>pain.002 status reports as banks write them, for the reader and applier tests.</summary>
internal static class Pain002Files
{
    public const string V03 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";
    public const string V10 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10";
    public const string SwissCh02 = "http://www.six-interbank-clearing.com/de/pain.002.001.03.ch.02.xsd";

    public static string Transaction(string endToEndId, string status, string? code = null, params string[] additional) => $"""
              <TxInfAndSts>
                <StsId>S-{endToEndId}</StsId>
                <OrgnlInstrId>I-{endToEndId}</OrgnlInstrId>
                <OrgnlEndToEndId>{endToEndId}</OrgnlEndToEndId>
                <TxSts>{status}</TxSts>
                {Reason(code, additional)}
              </TxInfAndSts>
        """;

    public static string Reason(string? code, params string[] additional) => code is null && additional.Length == 0 ? string.Empty : $"""
        <StsRsnInf>
          <Orgtr><Nm>Bank</Nm></Orgtr>
          {(code is null ? string.Empty : $"<Rsn><Cd>{code}</Cd></Rsn>")}
          {string.Concat(additional.Select(a => $"<AddtlInf>{a}</AddtlInf>"))}
        </StsRsnInf>
        """;

    public static string Block(string id, string transactions, string? status = null, string reason = "") => $"""
            <OrgnlPmtInfAndSts>
              <OrgnlPmtInfId>{id}</OrgnlPmtInfId>
              {(status is null ? string.Empty : $"<PmtInfSts>{status}</PmtInfSts>")}
              {reason}
        {transactions}
            </OrgnlPmtInfAndSts>
        """;

    public static string Report(string originalMessageId, string blocks, string? groupStatus = null, string groupReason = "", string ns = V03) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="{ns}">
          <CstmrPmtStsRpt>
            <GrpHdr>
              <MsgId>BANK-STS-1</MsgId>
              <CreDtTm>2025-03-15T10:00:00</CreDtTm>
              <DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>
            </GrpHdr>
            <OrgnlGrpInfAndSts>
              <OrgnlMsgId>{originalMessageId}</OrgnlMsgId>
              <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
              {(groupStatus is null ? string.Empty : $"<GrpSts>{groupStatus}</GrpSts>")}
              {groupReason}
            </OrgnlGrpInfAndSts>
        {blocks}
          </CstmrPmtStsRpt>
        </Document>
        """;
}
