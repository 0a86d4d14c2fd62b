using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>
/// A payment rule: a pure, deterministic function of the request and a read-only context to an outcome. Rules
/// run in order, the first decline wins, and the fees of approving rules add up.
/// </summary>
/// <remarks>
/// Rules are synchronous on purpose: a rule may not do I/O, so the same request and context always give the
/// same outcome and evaluating rules twice is harmless (P_result = f(request, rule)). Anything a rule needs from
/// the outside, such as the payer's recent activity, the processor fetches before the chain runs and hands over in
/// the <see cref="RuleContext"/>. Implementations must be thread-safe: one instance serves every payment.
/// </remarks>
public interface IPaymentRule
{
    /// <summary>Gets the rule's name, reported as <see cref="DeclineInfo.DeclinedBy"/> when it declines.</summary>
    string Name { get; }

    /// <summary>Gets the window of payer activity this rule reads from the context, or <see langword="null"/> when it reads none.</summary>
    TimeSpan? ActivityWindow => null;

    /// <summary>Evaluates the rule.</summary>
    /// <param name="request">The request; valid.</param>
    /// <param name="context">The clock and the payer's activity.</param>
    /// <returns>Approve (with an optional fee) or decline.</returns>
    RuleOutcome Evaluate(PaymentRequest request, in RuleContext context);
}
