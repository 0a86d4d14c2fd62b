namespace PaymentCore.BatchWork;

/// <summary>
/// A batch run as a work queue keeps it: how many items, cut into chunks of how many, and the fingerprint of the
/// items every worker must agree on. The queue holds positions, not items: each worker reads the same batch source.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchWorkPlan
{
    /// <summary>Gets the run.</summary>
    /// <value>Required.</value>
    public required BatchRunKey Run { get; init; }

    /// <summary>Gets the fingerprint of the items (their ids, amounts and accounts, in order), so a worker given another file under the same batch id is refused.</summary>
    /// <value>Required; made by <see cref="BatchWorker"/>.</value>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the number of items.</summary>
    /// <value>At least 0.</value>
    public required long TotalItems { get; init; }

    /// <summary>Gets the number of items per chunk; the last chunk may hold fewer.</summary>
    /// <value>At least 1.</value>
    public required int ChunkSize { get; init; }

    /// <summary>Gets the number of chunks.</summary>
    /// <value><see cref="TotalItems"/> divided by <see cref="ChunkSize"/>, rounded up.</value>
    public int ChunkCount => checked((int)((TotalItems + ChunkSize - 1) / ChunkSize));
}
