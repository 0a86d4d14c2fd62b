namespace PaymentCore;

/// <summary>
/// The answer of a processor operation: the transaction as recorded, and what the operation came to. Declines
/// and refusals are results, not exceptions.
/// </summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct PaymentResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="transaction">The transaction as recorded.</param>
    /// <param name="replayed">Whether it was read back from the idempotency record rather than processed now.</param>
    /// <param name="operationFailure">Why an operation (capture, void, refund) was refused, leaving the record as it was.</param>
    public PaymentResult(TransactionRecord transaction, bool replayed, string? operationFailure = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Transaction = transaction;
        Replayed = replayed;
        OperationFailure = operationFailure;
    }

    /// <summary>Gets the transaction as recorded.</summary>
    public TransactionRecord Transaction { get; }

    /// <summary>Gets whether the result was replayed from the idempotency record: nothing was sent to the authorizer.</summary>
    public bool Replayed { get; }

    /// <summary>Gets why the operation was refused by the authorizer, when it was (the record is unchanged).</summary>
    public string? OperationFailure { get; }

    /// <summary>Gets the transaction id.</summary>
    public TransactionId Id => Transaction.Id;

    /// <summary>Gets the transaction status.</summary>
    public TransactionStatus Status => Transaction.Status;

    /// <summary>Gets the decline, when declined.</summary>
    public DeclineInfo? Decline => Transaction.Decline;

    /// <summary>Gets the failure reason: the operation's, else the transaction's.</summary>
    public string? FailureReason => OperationFailure ?? Transaction.FailureReason;

    /// <summary>Gets the outcome.</summary>
    public PaymentOutcome Outcome => OperationFailure is not null
        ? PaymentOutcome.Failed
        : Transaction.Status switch
        {
            TransactionStatus.Received => PaymentOutcome.Pending,
            TransactionStatus.Declined => PaymentOutcome.Declined,
            TransactionStatus.Failed => PaymentOutcome.Failed,
            TransactionStatus.Voided => PaymentOutcome.Voided,
            _ when Transaction.Pending is { OutcomeUnknown: true } => PaymentOutcome.Pending,
            _ => PaymentOutcome.Approved,
        };
}
