using System.Collections.Immutable;
using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>What one rule decided: approve with an optional fee, approve once the payer has stepped up, or decline with a code.</summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct RuleOutcome
{
    private RuleOutcome(bool approved, Money fee, string? code, string? message, string? stepUpReason = null, string? stepUpMethod = null)
    {
        StepUpReason = stepUpReason;
        StepUpMethod = stepUpMethod;
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

    /// <summary>Gets the sentence that explains the outcome (see <see cref="WithExplanation"/>), or <see langword="null"/> when the rule gave none.</summary>
    public string? Explanation { get; private init; }

    /// <summary>Gets the figures the rule used; empty when it gave none.</summary>
    public ImmutableArray<RuleFigure> Figures => FigureList.IsDefault ? [] : FigureList;

    private ImmutableArray<RuleFigure> FigureList { get; init; }

    /// <summary>
    /// Returns this outcome with an explanation and the figures behind it, kept as the rule's
    /// <see cref="RuleDecision"/> on the record and in the audit trail: for example
    /// <c>RuleOutcome.Approve().WithExplanation("4 payments, 350.00 EUR in 24 h; limit 5 / 500.00 EUR", new("count", "4"))</c>.
    /// </summary>
    /// <param name="explanation">A sentence that says why; never card data or a secret.</param>
    /// <param name="figures">The figures it used.</param>
    /// <returns>The outcome, explained.</returns>
    /// <exception cref="ArgumentException"><paramref name="explanation"/> is blank.</exception>
    public RuleOutcome WithExplanation(string explanation, params ReadOnlySpan<RuleFigure> figures)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(explanation);
        return this with { Explanation = explanation, FigureList = [.. figures] };
    }

    /// <summary>Compares the verdict, fee, code, message, step-up demand, explanation and figures (by content).</summary>
    /// <param name="other">The other outcome.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(RuleOutcome other) =>
        IsApproved == other.IsApproved && Fee == other.Fee
        && string.Equals(DeclineCode, other.DeclineCode, StringComparison.Ordinal)
        && string.Equals(Message, other.Message, StringComparison.Ordinal)
        && string.Equals(Explanation, other.Explanation, StringComparison.Ordinal)
        && string.Equals(StepUpReason, other.StepUpReason, StringComparison.Ordinal)
        && string.Equals(StepUpMethod, other.StepUpMethod, StringComparison.Ordinal)
        && Figures.AsSpan().SequenceEqual(other.Figures.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsApproved, Fee, DeclineCode, Message, Explanation);
    /// <summary>Gets whether the rule approves only once the payer has proved who they are (step-up authentication).</summary>
    public bool RequiresStepUp => StepUpReason is not null;

    /// <summary>Gets why the rule asks for step-up, when it does.</summary>
    public string? StepUpReason { get; }

    /// <summary>Gets the authenticator method the rule asks for (<c>totp</c>, <c>one-time-code</c>), or <see langword="null"/> for the processor's first that can challenge the payer.</summary>
    public string? StepUpMethod { get; }

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

    /// <summary>
    /// Approves on condition that the payer steps up first (SCA-style: an amount above a threshold, a new payee,
    /// velocity near its limit). The payment waits in <see cref="TransactionStatus.RequiresAction"/>; a later rule's
    /// decline still declines it. A batch item cannot step up: it is rejected instead.
    /// </summary>
    /// <param name="reason">Why, such as <c>amount_above_sca_threshold</c>; recorded and shown to the merchant, never to the payer.</param>
    /// <param name="method">The authenticator method to use, or <see langword="null"/> for the first that can challenge the payer.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is blank.</exception>
    public static RuleOutcome RequireStepUp(string reason, string? method = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(true, default, null, null, reason, method);
    }
}
