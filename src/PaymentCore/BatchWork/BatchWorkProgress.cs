namespace PaymentCore.BatchWork;

/// <summary>How far a batch run is: chunks done out of all, and the totals of the finished chunks.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Plan">The run's plan, as first enqueued.</param>
/// <param name="CompletedChunks">The chunks finished.</param>
/// <param name="Totals">The totals of the finished chunks.</param>
public sealed record BatchWorkProgress(BatchWorkPlan Plan, int CompletedChunks, BatchWorkTotals Totals)
{
    /// <summary>Gets whether every chunk is finished.</summary>
    /// <value><see langword="true"/> when <see cref="CompletedChunks"/> is the plan's <see cref="BatchWorkPlan.ChunkCount"/>.</value>
    public bool IsComplete => CompletedChunks >= Plan.ChunkCount;
}
