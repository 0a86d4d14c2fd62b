using System.Collections.Immutable;
using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>What a whole rule chain decided.</summary>
/// <param name="IsApproved">Whether every rule approved.</param>
/// <param name="Fee">The sum of the approving rules' fees, capped at the payment's amount, in its currency (zero when declined).</param>
/// <param name="Decline">The first decline, with the rule that made it; <see langword="null"/> when approved.</param>
/// <param name="StepUp">The first rule that approved only on condition of step-up, when one did and none declined.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct RuleEvaluation(bool IsApproved, Money Fee, DeclineInfo? Decline, StepUpDemand? StepUp = null)
{
    /// <summary>Gets every rule's decision, in the order they ran (the chain stops at the first decline).</summary>
    public ImmutableArray<RuleDecision> Decisions
    {
        get => DecisionList.IsDefault ? [] : DecisionList;
        init => DecisionList = value;
    }

    private ImmutableArray<RuleDecision> DecisionList { get; init; }

    /// <summary>Compares the verdict, fee, decline, step-up demand and decisions (by content).</summary>
    /// <param name="other">The other evaluation.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(RuleEvaluation other) =>
        IsApproved == other.IsApproved && Fee == other.Fee && Equals(Decline, other.Decline) && Equals(StepUp, other.StepUp) && Decisions.AsSpan().SequenceEqual(other.Decisions.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsApproved, Fee, Decline, StepUp);
}
