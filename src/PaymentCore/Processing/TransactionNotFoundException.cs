using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>No transaction has that id.</summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class TransactionNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transactionId">The id asked for.</param>
    public TransactionNotFoundException(TransactionId transactionId)
        : base($"No transaction {transactionId} is stored.")
    {
        TransactionId = transactionId;
    }

    /// <summary>Gets the id asked for.</summary>
    public TransactionId TransactionId { get; }
}
