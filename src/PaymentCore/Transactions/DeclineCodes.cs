namespace PaymentCore.Transactions;

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

    /// <summary>The authorizer refused the operation as invalid (bad request, wrong state at the issuer).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>The issuer or gateway is unavailable; nothing was done.</summary>
    public const string IssuerUnavailable = "issuer_unavailable";

    /// <summary>The payer did not prove who they are: too many wrong step-up answers.</summary>
    public const string StepUpFailed = "step_up_failed";

    /// <summary>Step-up was asked for where none can be given (a batch item, or no authenticator configured).</summary>
    public const string StepUpUnavailable = "step_up_unavailable";

    /// <summary>The authorizer's authentication of the payer (3-D Secure) did not succeed.</summary>
    public const string AuthenticationFailed = "authentication_failed";

    /// <summary>
    /// Maps a decline code to its advice. Codes this table does not know are advised
    /// <see cref="DeclineAdvice.DoNotRetry"/>: retrying an unknown refusal is what card networks penalize.
    /// </summary>
    /// <param name="code">The decline code.</param>
    /// <returns>The advice.</returns>
    public static DeclineAdvice AdviceFor(string? code) => code switch
    {
        InsufficientFunds => DeclineAdvice.UseAnotherInstrument,
        StolenCard => DeclineAdvice.DoNotRetry,
        DoNotHonor => DeclineAdvice.ContactIssuer,
        IssuerUnavailable => DeclineAdvice.TryAgainLater,
        AmountTooLarge or AmountTooSmall or CurrencyNotAllowed or InvalidRequest => DeclineAdvice.FixRequest,
        VelocityCountExceeded or VelocityAmountExceeded => DeclineAdvice.TryAgainLater,
        PayerBlocked or PayeeBlocked => DeclineAdvice.DoNotRetry,
        StepUpFailed or StepUpUnavailable => DeclineAdvice.DoNotRetry,
        AuthenticationFailed => DeclineAdvice.UseAnotherInstrument,
        _ => DeclineAdvice.DoNotRetry,
    };

    /// <summary>A short sentence for the payer, by advice; it never names a rule, a limit or a code.</summary>
    /// <param name="advice">The advice.</param>
    /// <returns>The sentence.</returns>
    public static string PayerMessageFor(DeclineAdvice advice) => advice switch
    {
        DeclineAdvice.TryAgainLater => "The payment could not be completed right now. Please try again later.",
        DeclineAdvice.UseAnotherInstrument => "The payment was declined. Please use another card or account.",
        DeclineAdvice.ContactIssuer => "The payment was declined by your bank. Please contact your bank.",
        DeclineAdvice.FixRequest => "The payment details were not accepted. Please check them and try again.",
        _ => "The payment was declined.",
    };
}
