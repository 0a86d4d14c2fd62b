namespace PaymentCore.Transactions;

/// <summary>
/// An operation asked for a state change the state machine does not allow (capturing a voided payment,
/// refunding a declined one). The record is unchanged.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class InvalidTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="from">Its current state.</param>
    /// <param name="to">The state asked for.</param>
    public InvalidTransitionException(TransactionId transactionId, TransactionStatus from, TransactionStatus to)
        : base($"Transaction {transactionId} cannot move from {from} to {to}. Allowed from {from}: {Describe(from)}.")
    {
        TransactionId = transactionId;
        From = from;
        To = to;
    }

    /// <summary>Gets the transaction.</summary>
    public TransactionId TransactionId { get; }

    /// <summary>Gets the state it is in.</summary>
    public TransactionStatus From { get; }

    /// <summary>Gets the state asked for.</summary>
    public TransactionStatus To { get; }

    private static string Describe(TransactionStatus from)
    {
        var next = PaymentStateMachine.NextStates(from);
        return next.Count == 0 ? "none (terminal)" : string.Join(", ", next);
    }
}
