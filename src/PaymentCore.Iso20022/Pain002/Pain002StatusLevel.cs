namespace PaymentCore.Iso20022.Pain002;

/// <summary>Which part of the original message a pain.002 status is about.</summary>
public enum Pain002StatusLevel
{
    /// <summary>The whole original message (<c>OrgnlGrpInfAndSts/GrpSts</c>).</summary>
    Group = 0,

    /// <summary>One payment information block (<c>OrgnlPmtInfAndSts/PmtInfSts</c>).</summary>
    PaymentInformation = 1,

    /// <summary>One transaction (<c>TxInfAndSts/TxSts</c>).</summary>
    Transaction = 2,
}
