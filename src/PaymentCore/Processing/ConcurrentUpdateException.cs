using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Another operation changed the transaction between this operation's read and its write; nothing was written
/// by this one. Read the transaction again and decide.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class ConcurrentUpdateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="expectedVersion">The version the operation read.</param>
    public ConcurrentUpdateException(TransactionId transactionId, long expectedVersion)
        : base($"Transaction {transactionId} changed after version {expectedVersion} was read; the update was not written.")
    {
        TransactionId = transactionId;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>Gets the transaction.</summary>
    public TransactionId TransactionId { get; }

    /// <summary>Gets the version the operation read.</summary>
    public long ExpectedVersion { get; }
}
