using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// An idempotency key already used for a different request. Nothing was authorized, charged or stored: a key
/// means one payment, and a changed request under it is almost always a client bug worth seeing.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class IdempotencyConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transactionId">The transaction stored under the key.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="differingFields">The fields whose values differ from the stored request.</param>
    public IdempotencyConflictException(TransactionId transactionId, string idempotencyKey, IReadOnlyList<string> differingFields)
        : base($"Idempotency key '{PaymentCore.DataProtection.Redaction.Mask(idempotencyKey)}' was already used for transaction {transactionId} with a different request; differing fields: {string.Join(", ", differingFields ?? [])}.")
    {
        TransactionId = transactionId;
        IdempotencyKey = idempotencyKey;
        DifferingFields = differingFields ?? [];
    }

    /// <summary>Gets the transaction stored under the key.</summary>
    public TransactionId TransactionId { get; }

    /// <summary>Gets the key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets the fields that differ from the stored request.</summary>
    public IReadOnlyList<string> DifferingFields { get; }
}
