namespace PaymentCore.Transactions;

/// <summary>Why a payment or an operation on it was declined, who declined it, and what to do next.</summary>
/// <param name="Code">A stable decline code, such as <c>insufficient_funds</c> (see <see cref="DeclineCodes"/>).</param>
/// <param name="DeclinedBy">The rule name, or the authorizer's name, that declined.</param>
/// <param name="Message">A sentence for the merchant (may name the rule and its limits).</param>
/// <param name="Advice">What the payer or merchant should do next; see <see cref="DeclineCodes.AdviceFor"/>.</param>
/// <param name="PayerMessage">A short sentence safe to show the payer; <see cref="DeclineCodes.PayerMessageFor"/> of the advice when <see langword="null"/>.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record DeclineInfo(string Code, string DeclinedBy, string Message, DeclineAdvice Advice = DeclineAdvice.DoNotRetry, string? PayerMessage = null)
{
    /// <summary>Creates a decline whose advice and payer message follow the code (<see cref="DeclineCodes.AdviceFor"/>).</summary>
    /// <param name="code">The decline code.</param>
    /// <param name="declinedBy">The rule or authorizer.</param>
    /// <param name="message">The merchant's sentence.</param>
    /// <returns>The decline.</returns>
    public static DeclineInfo For(string code, string declinedBy, string message)
    {
        var advice = DeclineCodes.AdviceFor(code);
        return new DeclineInfo(code, declinedBy, message, advice, DeclineCodes.PayerMessageFor(advice));
    }
}
