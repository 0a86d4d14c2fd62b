namespace PaymentCore.Batch;

/// <summary>Throttles progress reports by the injected clock; used by one thread at a time.</summary>
internal sealed class ProgressReporter(IProgress<BatchProgress>? progress, TimeProvider time, TimeSpan interval, long totalItems)
{
    private long _last = long.MinValue;

    public void Report(BatchPhase phase, BatchTally tally, bool force)
    {
        if (progress is null)
        {
            return;
        }

        // The first report of a run always goes out, then at most one per interval, and the last one always.
        if (!force && _last != long.MinValue && time.GetElapsedTime(_last) < interval)
        {
            return;
        }

        _last = time.GetTimestamp();
        progress.Report(new BatchProgress
        {
            Phase = phase,
            ItemsDone = tally.Done,
            TotalItems = totalItems,
            Succeeded = tally.Succeeded,
            Failed = tally.Failed,
            Pending = tally.Pending,
            SucceededAmounts = tally.SucceededAmounts(),
        });
    }
}
