namespace PaymentCore.Payments;

/// <summary>What kind of instrument pays.</summary>
public enum InstrumentKind
{
    /// <summary>A payment card, known only by its vault token, brand, first six and last four digits.</summary>
    Card = 0,

    /// <summary>A bank or wallet account, known by its identifier (an IBAN, a wallet id).</summary>
    Account = 1,
}
