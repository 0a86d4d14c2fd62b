namespace PaymentCore.Rules;

/// <summary>A rule's demand that the payer step up before the payment goes on (<see cref="RuleOutcome.RequireStepUp"/>).</summary>
/// <param name="RuleName">The rule that asked.</param>
/// <param name="Reason">Why.</param>
/// <param name="Method">The authenticator method asked for, or <see langword="null"/> for any.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record StepUpDemand(string RuleName, string Reason, string? Method);
