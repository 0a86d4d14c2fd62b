namespace PaymentCore.BatchWork;

/// <summary>
/// Spreads the items of one batch over several workers (threads, processes or machines): a run is cut into
/// chunks, a worker leases one chunk at a time, and a chunk whose lease runs out (its worker crashed or stalled)
/// is claimed again by another. The queue only spreads work: exactly-once payment comes from each item's
/// idempotency key in the transaction store, so a chunk processed twice pays nothing twice.
/// </summary>
/// <remarks>
/// Implementations: <see cref="InMemoryBatchWorkQueue"/> (one process) and <c>PostgreSqlBatchWorkQueue</c>
/// (PaymentCore.PostgreSql, many processes; claims with <c>FOR UPDATE SKIP LOCKED</c>). Implementations are thread-safe.
/// </remarks>
public interface IBatchWorkQueue
{
    /// <summary>Records a run and its chunks, once: when the run exists already (another worker enqueued it first) nothing is added.</summary>
    /// <param name="plan">The run's plan.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The plan the queue holds: the first enqueuer's. Compare its <see cref="BatchWorkPlan.Fingerprint"/> with yours.</returns>
    ValueTask<BatchWorkPlan> EnqueueAsync(BatchWorkPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Leases the first chunk of the run that is neither finished nor leased (a lease that ran out counts as free).</summary>
    /// <param name="run">The run.</param>
    /// <param name="workerId">Who claims, for diagnostics.</param>
    /// <param name="lease">How long the lease lasts unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunk, or <see langword="null"/> when every unfinished chunk is leased by someone (or none is left).</returns>
    ValueTask<BatchWorkChunk?> ClaimAsync(BatchRunKey run, string workerId, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease from now.</summary>
    /// <param name="chunk">The chunk as claimed.</param>
    /// <param name="lease">The new length of the lease, from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the lease is no longer the chunk's (it ran out and another worker claimed it, or the chunk is finished): stop working on it.</returns>
    ValueTask<bool> RenewAsync(BatchWorkChunk chunk, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a chunk finished with its totals, if the lease is still the chunk's.</summary>
    /// <param name="chunk">The chunk as claimed.</param>
    /// <param name="totals">What its items came to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the lease was lost: the chunk's new holder completes it, and these totals are dropped (the items' payments stand either way).</returns>
    ValueTask<bool> CompleteAsync(BatchWorkChunk chunk, BatchWorkTotals totals, CancellationToken cancellationToken = default);

    /// <summary>Gives a chunk back unfinished (the worker is stopping), so another worker may claim it at once.</summary>
    /// <param name="chunk">The chunk as claimed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the chunk is free; nothing happens when the lease was lost already.</returns>
    ValueTask ReleaseAsync(BatchWorkChunk chunk, CancellationToken cancellationToken = default);

    /// <summary>Reads how far a run is.</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The progress, or <see langword="null"/> when the run was never enqueued.</returns>
    ValueTask<BatchWorkProgress?> GetProgressAsync(BatchRunKey run, CancellationToken cancellationToken = default);
}
