using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>What a whole rule chain decided.</summary>
/// <param name="IsApproved">Whether every rule approved.</param>
/// <param name="Fee">The sum of the approving rules' fees, capped at the payment's amount, in its currency (zero when declined).</param>
/// <param name="Decline">The first decline, with the rule that made it; <see langword="null"/> when approved.</param>
/// <param name="StepUp">The first rule that approved only on condition of step-up, when one did and none declined.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct RuleEvaluation(bool IsApproved, Money Fee, DeclineInfo? Decline, StepUpDemand? StepUp = null);
