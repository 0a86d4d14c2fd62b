using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>The answer of <see cref="ITransactionStore.TryCreateAsync"/>.</summary>
/// <param name="Created">Whether the record was created.</param>
/// <param name="Existing">When not created, the record already stored under the same merchant and idempotency key.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct CreateResult(bool Created, TransactionRecord? Existing);
