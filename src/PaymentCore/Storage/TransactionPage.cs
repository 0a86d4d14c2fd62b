using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>One page of a query.</summary>
/// <param name="Items">The records, in creation order.</param>
/// <param name="ContinuationToken">The token of the next page, or <see langword="null"/> on the last.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record TransactionPage(IReadOnlyList<TransactionRecord> Items, string? ContinuationToken);
