using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>What one rule decided: approve with an optional fee, or decline with a code.</summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct RuleOutcome
{
    private RuleOutcome(bool approved, Money fee, string? code, string? message)
    {
        IsApproved = approved;
        Fee = fee;
        DeclineCode = code;
        Message = message;
    }

    /// <summary>Gets whether the rule approves.</summary>
    public bool IsApproved { get; }

    /// <summary>Gets the fee the rule charges; <c>default</c> (no currency) when none.</summary>
    public Money Fee { get; }

    /// <summary>Gets the decline code, when declined.</summary>
    public string? DeclineCode { get; }

    /// <summary>Gets the decline message, when declined.</summary>
    public string? Message { get; }

    /// <summary>Approves without a fee.</summary>
    public static RuleOutcome Approve() => new(true, default, null, null);

    /// <summary>Approves and charges a fee.</summary>
    /// <param name="fee">The fee, in the payment's currency, not negative.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fee is negative.</exception>
    public static RuleOutcome ApproveWithFee(Money fee) =>
        fee.IsNegative ? throw new ArgumentOutOfRangeException(nameof(fee), fee, "A fee cannot be negative.") : new(true, fee, null, null);

    /// <summary>Declines.</summary>
    /// <param name="code">A stable code, such as <see cref="DeclineCodes.AmountTooLarge"/>.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The outcome.</returns>
    public static RuleOutcome Decline(string code, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new(false, default, code, message ?? code);
    }
}
