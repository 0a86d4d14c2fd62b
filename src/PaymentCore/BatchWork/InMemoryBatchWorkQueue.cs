namespace PaymentCore.BatchWork;

/// <summary>
/// A work queue in one process's memory: for several <see cref="BatchWorker"/>s in one process, and for tests.
/// Leases run out on the injected clock. Runs are kept until the queue is dropped.
/// </summary>
/// <remarks>Thread-safe: every call takes one lock, held for a few dictionary operations.</remarks>
public sealed class InMemoryBatchWorkQueue : IBatchWorkQueue
{
    private readonly Dictionary<BatchRunKey, Run> _runs = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="timeProvider">The clock leases run out on; <see langword="null"/> for the system clock.</param>
    public InMemoryBatchWorkQueue(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The plan has no items per chunk, or a negative number of items.</exception>
    public ValueTask<BatchWorkPlan> EnqueueAsync(BatchWorkPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        BatchWorkPlanRules.Check(plan);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_runs.TryGetValue(plan.Run, out var run))
            {
                run = new Run(plan);
                _runs.Add(plan.Run, run);
            }

            return new(run.Plan);
        }
    }

    /// <inheritdoc />
    public ValueTask<BatchWorkChunk?> ClaimAsync(BatchRunKey run, string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_runs.TryGetValue(run, out var found))
            {
                return new((BatchWorkChunk?)null);
            }

            for (var number = 0; number < found.Chunks.Length; number++)
            {
                ref var chunk = ref found.Chunks[number];
                if (chunk.Totals is not null || (chunk.Lease is not null && chunk.LeasedUntil > now))
                {
                    continue;
                }

                chunk.Lease = Guid.NewGuid();
                chunk.LeasedUntil = now + lease;
                chunk.Attempts++;
                var first = ((long)number * found.Plan.ChunkSize) + 1;
                return new(new BatchWorkChunk
                {
                    Run = run,
                    Number = number,
                    FirstSequence = first,
                    Count = (int)Math.Min(found.Plan.ChunkSize, found.Plan.TotalItems - first + 1),
                    LeaseToken = chunk.Lease.Value,
                    Attempt = chunk.Attempts,
                });
            }

            return new((BatchWorkChunk?)null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(BatchWorkChunk chunk, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!Holds(chunk, out var run))
            {
                return new(false);
            }

            run.Chunks[chunk.Number].LeasedUntil = now + lease;
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(BatchWorkChunk chunk, BatchWorkTotals totals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(totals);
        lock (_lock)
        {
            if (!Holds(chunk, out var run))
            {
                return new(false);
            }

            ref var state = ref run.Chunks[chunk.Number];
            state.Totals = totals;
            state.Lease = null;
            run.Completed++;
            run.Totals = run.Totals.Add(totals);
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(BatchWorkChunk chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_lock)
        {
            if (Holds(chunk, out var run))
            {
                run.Chunks[chunk.Number].Lease = null;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<BatchWorkProgress?> GetProgressAsync(BatchRunKey run, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(_runs.TryGetValue(run, out var found) ? new BatchWorkProgress(found.Plan, found.Completed, found.Totals) : null);
        }
    }

    // The lease is the chunk's while it was not released, completed or claimed again; an expired lease nobody
    // claimed since still holds, as in the PostgreSQL queue: a slow worker may finish what nobody took over.
    private bool Holds(BatchWorkChunk chunk, out Run run)
    {
        if (_runs.TryGetValue(chunk.Run, out run!) && (uint)chunk.Number < (uint)run.Chunks.Length)
        {
            var state = run.Chunks[chunk.Number];
            return state.Totals is null && state.Lease == chunk.LeaseToken;
        }

        return false;
    }

    private sealed class Run(BatchWorkPlan plan)
    {
        public BatchWorkPlan Plan { get; } = plan;

        public ChunkState[] Chunks { get; } = new ChunkState[plan.ChunkCount];

        public int Completed { get; set; }

        public BatchWorkTotals Totals { get; set; } = BatchWorkTotals.Empty;
    }

    private struct ChunkState
    {
        public Guid? Lease;
        public DateTimeOffset LeasedUntil;
        public int Attempts;
        public BatchWorkTotals? Totals;
    }
}
