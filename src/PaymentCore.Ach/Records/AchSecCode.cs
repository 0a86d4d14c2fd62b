namespace PaymentCore.Ach.Records;

/// <summary>The Standard Entry Class codes this reader understands (NACHA Operating Rules, batch header field 51-53).</summary>
public enum AchSecCode
{
    /// <summary>PPD Prearranged Payment and Deposit: consumer payroll, direct deposit.</summary>
    PPD = 0,

    /// <summary>CCD Corporate Credit or Debit: between companies.</summary>
    CCD = 1,

    /// <summary>CTX Corporate Trade Exchange: corporate, with up to 9,999 addenda of remittance data.</summary>
    CTX = 2,

    /// <summary>WEB Internet-Initiated Entry.</summary>
    WEB = 3,

    /// <summary>TEL Telephone-Initiated Entry (debits only).</summary>
    TEL = 4,

    /// <summary>IAT International ACH Transaction, with its seven mandatory addenda (types 10 to 16).</summary>
    IAT = 5,
}
