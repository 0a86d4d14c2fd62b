using PaymentCore.Authorization;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Another operation on the payment is in flight (its intent is recorded and its outcome not yet), so this one was
/// refused and nothing was written or sent. One operation at a time per payment is what keeps a capture and a void
/// from both reaching the authorizer. Wait for the one in flight (or for recovery) and read the payment again.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class OperationInProgressException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="inFlight">The operation in flight.</param>
    /// <param name="requested">The operation refused.</param>
    public OperationInProgressException(TransactionId transactionId, AuthorizerOperation inFlight, PaymentOperation requested)
        : base($"Cannot {requested.ToString().ToLowerInvariant()} transaction {transactionId}: a {inFlight.ToString().ToLowerInvariant()} is in flight. Nothing was sent; read the transaction again once it has finished.")
    {
        TransactionId = transactionId;
        InFlight = inFlight;
        Requested = requested;
    }

    /// <summary>Gets the transaction.</summary>
    public TransactionId TransactionId { get; }

    /// <summary>Gets the operation in flight.</summary>
    public AuthorizerOperation InFlight { get; }

    /// <summary>Gets the operation that was refused.</summary>
    public PaymentOperation Requested { get; }
}
