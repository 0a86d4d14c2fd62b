namespace PaymentCore;

/// <summary>The decline codes of the built-in rules and the in-memory authorizer.</summary>
public static class DeclineCodes
{
    /// <summary>The amount is above the limit for its currency.</summary>
    public const string AmountTooLarge = "amount_too_large";

    /// <summary>The amount is below the minimum for its currency.</summary>
    public const string AmountTooSmall = "amount_too_small";

    /// <summary>The currency is not accepted.</summary>
    public const string CurrencyNotAllowed = "currency_not_allowed";

    /// <summary>The payer is blocked.</summary>
    public const string PayerBlocked = "payer_blocked";

    /// <summary>The payee is blocked.</summary>
    public const string PayeeBlocked = "payee_blocked";

    /// <summary>The payer made too many payments in the window.</summary>
    public const string VelocityCountExceeded = "velocity_count_exceeded";

    /// <summary>The payer paid too much in the window.</summary>
    public const string VelocityAmountExceeded = "velocity_amount_exceeded";

    /// <summary>The issuer: not enough funds.</summary>
    public const string InsufficientFunds = "insufficient_funds";

    /// <summary>The issuer: the card is reported stolen.</summary>
    public const string StolenCard = "stolen_card";

    /// <summary>The issuer declined without a reason.</summary>
    public const string DoNotHonor = "do_not_honor";
}
