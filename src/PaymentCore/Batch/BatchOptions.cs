namespace PaymentCore.Batch;

/// <summary>How <see cref="BatchProcessor"/> runs batches.</summary>
/// <remarks>Thread safety: read when the processor is created; do not change it afterwards.</remarks>
public sealed class BatchOptions
{
    /// <summary>The largest allowed <see cref="MaxDegreeOfParallelism"/>.</summary>
    public const int MaxParallelism = 256;

    /// <summary>Gets or sets how many items are processed at once.</summary>
    /// <value>Default 4; from 1 to <see cref="MaxParallelism"/>.</value>
    public int MaxDegreeOfParallelism { get; set; } = 4;

    /// <summary>Gets or sets how declines and failures affect the rest of the batch.</summary>
    /// <value>Default <see cref="BatchMode.BestEffort"/>.</value>
    public BatchMode Mode { get; set; } = BatchMode.BestEffort;

    /// <summary>Gets or sets the least time between two progress reports (the first and the last are always sent).</summary>
    /// <value>Default 250 ms; <see cref="TimeSpan.Zero"/> reports every item; must not be negative.</value>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
