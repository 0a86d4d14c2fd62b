using PaymentCore.Processing;

namespace PaymentCore.Batch;

/// <summary>What became of one item of a batch.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchItemResult
{
    /// <summary>Gets the item's position in the batch, from 1, in source order.</summary>
    /// <value>From 1.</value>
    public required long Sequence { get; init; }

    /// <summary>Gets the item.</summary>
    /// <value>As read from the source.</value>
    public required BatchItem Item { get; init; }

    /// <summary>Gets the status.</summary>
    /// <value>See <see cref="BatchItemStatus"/>.</value>
    public required BatchItemStatus Status { get; init; }

    /// <summary>Gets the ISO 20022 reason code when the item was not paid.</summary>
    /// <value><see langword="null"/> for <see cref="BatchItemStatus.Succeeded"/> and <see cref="BatchItemStatus.Pending"/>.</value>
    public string? ReasonCode { get; init; }

    /// <summary>Gets why, for people, when the item was not paid.</summary>
    /// <value>Optional.</value>
    public string? Reason { get; init; }

    /// <summary>Gets the payment's result when the item was submitted.</summary>
    /// <value><see langword="null"/> when the item was never submitted (rejected before processing).</value>
    public PaymentResult? Payment { get; init; }

    /// <summary>Gets whether this run did nothing new for the item because an earlier run of the same batch had already done it.</summary>
    /// <value><see langword="true"/> for an item finished by an earlier run.</value>
    public bool Replayed { get; init; }

    /// <summary>Gets the exchange rate quote the item was paid at, when it was an equivalent amount to convert.</summary>
    /// <value><see langword="null"/> for items paid in the currency they were written in.</value>
    public ExchangeRates.ExchangeRateQuote? ExchangeRate { get; init; }
}
