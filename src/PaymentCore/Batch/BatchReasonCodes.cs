namespace PaymentCore.Batch;

/// <summary>The ISO 20022 external status reason codes the batch engine itself gives (ExternalStatusReason1Code).</summary>
public static class BatchReasonCodes
{
    /// <summary>AG01: transaction forbidden (a blocked payer or payee, a reported account).</summary>
    public const string TransactionForbidden = "AG01";

    /// <summary>AM02: the amount is above or below what is allowed.</summary>
    public const string NotAllowedAmount = "AM02";

    /// <summary>AM03: the currency is not allowed.</summary>
    public const string NotAllowedCurrency = "AM03";

    /// <summary>AM04: insufficient funds.</summary>
    public const string InsufficientFunds = "AM04";

    /// <summary>AM05: duplication; the end-to-end id occurs earlier in the batch.</summary>
    public const string Duplication = "AM05";

    /// <summary>AM10: the control sum does not match.</summary>
    public const string InvalidControlSum = "AM10";

    /// <summary>AM18: the number of transactions does not match.</summary>
    public const string InvalidNumberOfTransactions = "AM18";

    /// <summary>MS03: reason not specified (a failure, a void, an invalid request); the reason text says more.</summary>
    public const string NotSpecifiedReasonAgentGenerated = "MS03";

    /// <summary>Maps a PaymentCore decline code to an ISO 20022 reason code.</summary>
    /// <param name="declineCode">A <see cref="DeclineCodes"/> value or an authorizer's own code.</param>
    /// <returns>The ISO code: AM04, AM02, AM03, AG01, or MS03 for anything else.</returns>
    public static string FromDecline(string? declineCode) => declineCode switch
    {
        DeclineCodes.InsufficientFunds => InsufficientFunds,
        DeclineCodes.AmountTooLarge or DeclineCodes.AmountTooSmall or DeclineCodes.VelocityAmountExceeded or DeclineCodes.VelocityCountExceeded => NotAllowedAmount,
        DeclineCodes.CurrencyNotAllowed => NotAllowedCurrency,
        DeclineCodes.PayerBlocked or DeclineCodes.PayeeBlocked or DeclineCodes.StolenCard => TransactionForbidden,
        _ => NotSpecifiedReasonAgentGenerated,
    };
}
