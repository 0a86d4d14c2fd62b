namespace PaymentCore.Batch;

/// <summary>
/// The items of a batch, readable more than once: the engine reads them once to check the control totals before
/// any money moves, and again to process them, so that a million items never have to be held in memory.
/// </summary>
/// <remarks>
/// Each call to <see cref="ReadAsync"/> must return the same items in the same order (re-open the file).
/// Implementations are called from one thread at a time.
/// </remarks>
public interface IBatchSource
{
    /// <summary>Opens the items from the beginning.</summary>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The items in source order.</returns>
    IAsyncEnumerable<BatchItem> ReadAsync(CancellationToken cancellationToken = default);
}
