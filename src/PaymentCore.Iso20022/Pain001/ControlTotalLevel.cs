namespace PaymentCore.Iso20022.Pain001;

/// <summary>Where a control total is declared in a pain.001 message.</summary>
public enum ControlTotalLevel
{
    /// <summary>The group header (<c>GrpHdr</c>): totals of the whole message.</summary>
    Group,

    /// <summary>A payment information block (<c>PmtInf</c>).</summary>
    PaymentInformation,
}
