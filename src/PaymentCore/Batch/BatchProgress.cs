using PaymentCore.Monetary;

namespace PaymentCore.Batch;

/// <summary>A snapshot of a batch run, for progress bars.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchProgress
{
    /// <summary>Gets the phase.</summary>
    /// <value>See <see cref="BatchPhase"/>.</value>
    public required BatchPhase Phase { get; init; }

    /// <summary>Gets the number of items done in this phase.</summary>
    /// <value>From 0 to <see cref="TotalItems"/>.</value>
    public required long ItemsDone { get; init; }

    /// <summary>Gets the number of items in the batch.</summary>
    /// <value><see langword="null"/> while the totals are being checked.</value>
    public long? TotalItems { get; init; }

    /// <summary>Gets the items paid so far.</summary>
    /// <value>A count.</value>
    public long Succeeded { get; init; }

    /// <summary>Gets the items rejected, declined, failed or voided so far.</summary>
    /// <value>A count.</value>
    public long Failed { get; init; }

    /// <summary>Gets the items whose outcome is unknown so far.</summary>
    /// <value>A count.</value>
    public long Pending { get; init; }

    /// <summary>Gets the amounts paid so far, by currency.</summary>
    /// <value>One amount per currency seen; empty before any is paid.</value>
    public IReadOnlyList<Money> SucceededAmounts { get; init; } = [];
}
