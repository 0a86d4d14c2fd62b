using Microsoft.Extensions.Options;
using PaymentCore.Batch;
using PaymentCore.Payments;

namespace PaymentCore.BatchWork;

/// <summary>
/// Works one batch together with other workers that share an <see cref="IBatchWorkQueue"/> (and the transaction
/// store): every worker is given the same batch, checks its control totals, enqueues it (the first one does; the
/// others find it), then claims chunks until none is left and returns the summary of the whole batch.
/// </summary>
/// <remarks>
/// <para>
/// Items go through the same path as <see cref="BatchProcessor.ProcessBatchAsync"/> with the same idempotency key
/// (<see cref="BatchProcessor.IdempotencyKeyFor"/>), so an item is paid once however many workers, crashes or
/// re-runs touch it: a chunk taken over from a crashed worker replays the items that worker finished. The queue
/// decides who works on what; the store's idempotency keys decide what is paid.
/// </para>
/// <para>
/// Best-effort batches only: all-or-nothing needs one process to see every authorization before any capture.
/// Each worker reads the whole source (once for the totals, once into memory, so about the size of its items);
/// the queue holds positions and totals, never items.
/// </para>
/// <para>Thread safety: safe to run several batches at once on one instance.</para>
/// </remarks>
public sealed class BatchWorker
{
    private readonly BatchProcessor _batch;
    private readonly IBatchWorkQueue _queue;
    private readonly BatchWorkerOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a worker.</summary>
    /// <param name="batch">The batch processor whose item path (and payment processor) the items go through.</param>
    /// <param name="queue">The queue shared with the other workers.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for lease renewals and polling; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> or <paramref name="queue"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it), or the batch processor runs all-or-nothing.</exception>
    public BatchWorker(BatchProcessor batch, IBatchWorkQueue queue, BatchWorkerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(queue);
        _options = options ?? new BatchWorkerOptions();
        if (new BatchWorkerOptionsValidator().Validate(null, _options) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(options));
        }

        if (batch.Options.Mode != BatchMode.BestEffort)
        {
            throw new ArgumentException("BatchWorker runs best-effort batches only (BatchOptions.Mode = BestEffort): all-or-nothing needs one process to see every authorization before any capture.", nameof(batch));
        }

        _batch = batch;
        _queue = queue;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Checks the batch's control totals, joins (or starts) its run in the queue, works chunks until every chunk is finished, and returns the summary.</summary>
    /// <param name="header">The batch header; the same in every worker.</param>
    /// <param name="items">The items; the same in every worker; read twice.</param>
    /// <param name="onItemResult">Receives the result of every item this worker processed, one at a time, as each finishes; optional.</param>
    /// <param name="cancellationToken">Stops the worker: the chunk in hand is released for the others; run again to rejoin.</param>
    /// <returns>
    /// The summary of the whole batch, whoever processed each item: the same counts and totals as one
    /// <see cref="BatchProcessor.ProcessBatchAsync"/> run. <see cref="BatchSummary.Replayed"/> counts items an
    /// earlier attempt had finished. A control-total mismatch is a rejected summary and enqueues nothing.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> or <paramref name="items"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The header is invalid.</exception>
    /// <exception cref="BatchWorkConflictException">The queue holds other items under this batch id.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<BatchSummary> RunAsync(BatchHeader header, IBatchSource items, Func<BatchItemResult, ValueTask>? onItemResult = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(items);
        header.Validate();
        var check = await _batch.CheckTotalsAsync(header, items, null, cancellationToken).ConfigureAwait(false);
        if (check.Mismatch is { } mismatch)
        {
            return new BatchSummary
            {
                BatchId = header.BatchId,
                Mode = BatchMode.BestEffort,
                Status = BatchStatus.Rejected,
                TotalItems = check.Count,
                ControlSum = check.Sum,
                ControlTotalMismatch = mismatch,
                RejectionCode = mismatch.ReasonCode,
                RejectionReason = mismatch.ToString(),
            };
        }

        var (loaded, fingerprint) = await LoadAsync(items, check, cancellationToken).ConfigureAwait(false);
        var run = new BatchRunKey(header.MerchantId, header.BatchId);
        var plan = await _queue.EnqueueAsync(
            new BatchWorkPlan { Run = run, Fingerprint = fingerprint, TotalItems = loaded.Length, ChunkSize = _options.ChunkSize },
            cancellationToken).ConfigureAwait(false);
        if (!string.Equals(plan.Fingerprint, fingerprint, StringComparison.Ordinal) || plan.TotalItems != loaded.Length)
        {
            throw new BatchWorkConflictException(
                $"Batch '{header.BatchId}' of merchant '{header.MerchantId}' is in the work queue with {plan.TotalItems} other items (fingerprint {plan.Fingerprint[..Math.Min(16, plan.Fingerprint.Length)]}); this worker read {loaded.Length} items (fingerprint {fingerprint[..16]}). Every worker must be given the same batch; a changed file needs a new batch id.");
        }

        using var callbacks = new SemaphoreSlim(1, 1);
        while (true)
        {
            var chunk = await _queue.ClaimAsync(run, _options.WorkerId, _options.Lease, cancellationToken).ConfigureAwait(false);
            if (chunk is not null)
            {
                await WorkAsync(header, chunk, loaded, onItemResult, callbacks, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var progress = await _queue.GetProgressAsync(run, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The work queue lost batch '{header.BatchId}' while it ran.");
            if (progress.IsComplete)
            {
                return Summarize(header, check, progress.Totals);
            }

            // Every open chunk is leased by another worker: wait for it to finish, or for its lease to run out.
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<((BatchItem Item, bool Repeat)[] Items, string Fingerprint)> LoadAsync(IBatchSource items, BatchProcessor.TotalsCheck check, CancellationToken cancellationToken)
    {
        // The same repeat marks as one process's run: the first occurrence of an end-to-end id is processed, later ones are AM05.
        var loaded = new List<(BatchItem, bool)>((int)Math.Min(check.Count, 1 << 20));
        check.Duplicates.Reset();
        using var fingerprint = new BatchFingerprint();
        await foreach (var item in items.ReadAsync(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            loaded.Add((item, check.Duplicates.IsRepeat(item.EndToEndId)));
            fingerprint.Add(item);
        }

        if (loaded.Count != check.Count)
        {
            throw new BatchWorkConflictException($"The batch source gave {check.Count} items when its totals were checked and {loaded.Count} when read again: it changed while being read.");
        }

        return (loaded.ToArray(), fingerprint.Finish());
    }

    private async Task WorkAsync(
        BatchHeader header,
        BatchWorkChunk chunk,
        (BatchItem Item, bool Repeat)[] items,
        Func<BatchItemResult, ValueTask>? onItemResult,
        SemaphoreSlim callbacks,
        CancellationToken cancellationToken)
    {
        var results = new BatchItemResult?[chunk.Count];
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = new LeaseRenewal(_queue, chunk, _options.Lease, _time);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, chunk.Count),
                new ParallelOptions { MaxDegreeOfParallelism = _batch.Options.MaxDegreeOfParallelism, CancellationToken = lost.Token },
                async (index, token) =>
                {
                    var sequence = chunk.FirstSequence + index;
                    var (item, repeat) = items[sequence - 1];
                    var result = await _batch.ProcessItemAsync(header, sequence, item, repeat, CaptureMode.Automatic, token).ConfigureAwait(false);
                    results[index] = result;
                    if (onItemResult is not null)
                    {
                        await callbacks.WaitAsync(token).ConfigureAwait(false);
                        try
                        {
                            await onItemResult(result).ConfigureAwait(false);
                        }
                        finally
                        {
                            callbacks.Release();
                        }
                    }

                    if (!await renewal.RenewIfDueAsync(token).ConfigureAwait(false))
                    {
                        // Another worker holds the chunk now: it finishes it; our items so far stand, as its replays.
                        await lost.CancelAsync().ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch
        {
            // Stopping or failing: give the chunk back at once rather than make the others wait out the lease.
            await _queue.ReleaseAsync(chunk, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var tally = new BatchTally();
        foreach (var result in results)
        {
            tally.Add(result!);
        }

        await _queue.CompleteAsync(chunk, BatchWorkTotals.From(tally), cancellationToken).ConfigureAwait(false);
    }

    private static BatchSummary Summarize(BatchHeader header, BatchProcessor.TotalsCheck check, BatchWorkTotals totals)
    {
        var succeeded = totals.CountByStatus.GetValueOrDefault(BatchItemStatus.Succeeded);
        var pending = totals.CountByStatus.GetValueOrDefault(BatchItemStatus.Pending);
        var done = totals.CountByStatus.Values.Sum();
        return new BatchSummary
        {
            BatchId = header.BatchId,
            Mode = BatchMode.BestEffort,
            Status = succeeded == done ? BatchStatus.Accepted
                : succeeded == 0 && pending == 0 ? BatchStatus.Rejected
                : BatchStatus.PartiallyAccepted,
            TotalItems = check.Count,
            ControlSum = check.Sum,
            Succeeded = succeeded,
            Failed = done - succeeded - pending,
            Pending = pending,
            Replayed = totals.Replayed,
            CountByStatus = totals.CountByStatus,
            Amounts = totals.Amounts,
        };
    }

    /// <summary>Renews a lease once a third of it has passed, from whichever item finishes first after that.</summary>
    private sealed class LeaseRenewal(IBatchWorkQueue queue, BatchWorkChunk chunk, TimeSpan lease, TimeProvider time)
    {
        private int _renewing;
        private long _renewedAt = time.GetTimestamp();

        public async ValueTask<bool> RenewIfDueAsync(CancellationToken cancellationToken)
        {
            if (time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) < lease / 3 || Interlocked.CompareExchange(ref _renewing, 1, 0) != 0)
            {
                return true;
            }

            try
            {
                var held = await queue.RenewAsync(chunk, lease, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _renewedAt, time.GetTimestamp());
                return held;
            }
            finally
            {
                Volatile.Write(ref _renewing, 0);
            }
        }
    }
}
