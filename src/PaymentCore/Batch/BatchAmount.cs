using PaymentCore.Monetary;

namespace PaymentCore.Batch;

/// <summary>How many items of one status and one currency a batch had, and their total.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Status">The items' status.</param>
/// <param name="Count">How many.</param>
/// <param name="Total">Their total, in their currency.</param>
public sealed record BatchAmount(BatchItemStatus Status, long Count, Money Total);
