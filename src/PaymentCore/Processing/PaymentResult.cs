using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// The answer of one processor operation: what the operation came to at the authorizer, and the transaction as
/// recorded. A caller never has to read <see cref="TransactionRecord.Pending"/> to learn the truth: the outcome is
/// that of the operation asked for (the capture, the void), not of the payment's state. Declines are results.
/// </summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct PaymentResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="transaction">The transaction as recorded.</param>
    /// <param name="operation">The operation this result answers.</param>
    /// <param name="outcome">What the operation came to.</param>
    /// <param name="replayed">Whether it was read back from the idempotency record rather than done now.</param>
    /// <param name="decline">The refusal, when declined.</param>
    /// <param name="reason">Why it failed, or why it is pending.</param>
    /// <param name="advice">What to do next, for a decline or failure; the decline's advice when <see langword="null"/>.</param>
    public PaymentResult(TransactionRecord transaction, PaymentOperation operation, PaymentOutcome outcome, bool replayed, DeclineInfo? decline = null, string? reason = null, DeclineAdvice? advice = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Transaction = transaction;
        Operation = operation;
        Outcome = outcome;
        Replayed = replayed;
        Decline = decline;
        Reason = reason;
        Advice = outcome is PaymentOutcome.Declined or PaymentOutcome.Failed ? advice ?? decline?.Advice ?? DeclineAdvice.TryAgainLater : null;
    }

    /// <summary>Gets the transaction as recorded.</summary>
    public TransactionRecord Transaction { get; }

    /// <summary>Gets the operation this result answers.</summary>
    public PaymentOperation Operation { get; }

    /// <summary>Gets what the operation came to.</summary>
    public PaymentOutcome Outcome { get; }

    /// <summary>Gets whether the result was replayed from the idempotency record: nothing was sent to the authorizer.</summary>
    public bool Replayed { get; }

    /// <summary>Gets the refusal (code, who refused, advice), when <see cref="Outcome"/> is <see cref="PaymentOutcome.Declined"/>.</summary>
    public DeclineInfo? Decline { get; }

    /// <summary>Gets why the operation failed, when <see cref="Outcome"/> is <see cref="PaymentOutcome.Failed"/>.</summary>
    public string? FailureReason => Outcome == PaymentOutcome.Failed ? Reason : null;

    /// <summary>Gets why the outcome is not known yet, when <see cref="Outcome"/> is <see cref="PaymentOutcome.Pending"/>.</summary>
    public string? PendingReason => Outcome == PaymentOutcome.Pending ? Reason : null;

    /// <summary>Gets what the payer or merchant should do next, for a decline or failure; <see langword="null"/> otherwise.</summary>
    public DeclineAdvice? Advice { get; }

    /// <summary>
    /// Gets what the payer must do, when <see cref="Outcome"/> is <see cref="PaymentOutcome.RequiresAction"/>: type
    /// the code that was sent, the one their app shows, or complete the authorizer's challenge. Never a code.
    /// </summary>
    public StepUp.StepUpNextAction? NextAction { get; internal init; }

    /// <summary>Gets the transaction id.</summary>
    public TransactionId Id => Transaction.Id;

    /// <summary>Gets the transaction status as recorded.</summary>
    public TransactionStatus Status => Transaction.Status;

    private string? Reason { get; }
}
