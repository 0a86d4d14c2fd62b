using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;

namespace PaymentCore.Testing.Generators;

/// <summary>
/// A rule with a fixed decision, for rule-chain properties: it approves with a fixed fee (in minor units of the
/// payment's currency, capped at the amount like <see cref="FeeRule"/>) or declines with a fixed code.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class GeneratedRule : IPaymentRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="name">The name reported when it declines.</param>
    /// <param name="approves">Whether it approves.</param>
    /// <param name="feeMinorUnits">The fee it charges when approving, in minor units; not negative.</param>
    /// <param name="declineCode">The code it declines with; defaults to <c>generated_decline</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feeMinorUnits"/> is negative.</exception>
    public GeneratedRule(string name, bool approves, long feeMinorUnits = 0, string? declineCode = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(feeMinorUnits);
        Name = name;
        Approves = approves;
        FeeMinorUnits = feeMinorUnits;
        DeclineCode = declineCode ?? "generated_decline";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets whether the rule approves.</summary>
    public bool Approves { get; }

    /// <summary>Gets the fee in minor units charged when approving.</summary>
    public long FeeMinorUnits { get; }

    /// <summary>Gets the decline code.</summary>
    public string DeclineCode { get; }

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Approves)
        {
            return RuleOutcome.Decline(DeclineCode, $"{Name} declines every payment.");
        }

        return FeeMinorUnits == 0
            ? RuleOutcome.Approve()
            : RuleOutcome.ApproveWithFee(Money.FromMinor(Math.Min(FeeMinorUnits, request.Amount.MinorUnits), request.Amount.Currency));
    }

    /// <inheritdoc />
    public override string ToString() => Approves ? $"{Name}(approve, fee {FeeMinorUnits})" : $"{Name}(decline {DeclineCode})";
}
