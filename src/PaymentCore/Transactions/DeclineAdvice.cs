namespace PaymentCore.Transactions;

/// <summary>
/// What the payer or merchant should do after a decline or failure: the seed's "handling advice". Card networks
/// publish the same idea as retry categories (Visa's four decline categories, Mastercard's merchant advice codes);
/// an authorizer maps its network codes to one of these.
/// </summary>
public enum DeclineAdvice
{
    /// <summary>Nothing is wrong with the request or the instrument; the same payment may succeed later (issuer unavailable, rate limited).</summary>
    TryAgainLater = 0,

    /// <summary>This instrument will not pay (insufficient funds, card blocked); ask the payer for another one.</summary>
    UseAnotherInstrument = 1,

    /// <summary>The issuer wants to speak to the payer (do not honor, suspected fraud); the payer should contact their bank.</summary>
    ContactIssuer = 2,

    /// <summary>Sending it again will not succeed and may be treated as abuse (stolen card, closed account, a rule of ours); do not retry.</summary>
    DoNotRetry = 3,

    /// <summary>The request itself is wrong (currency, amount, missing data); fix it before sending again.</summary>
    FixRequest = 4,
}
