using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace PaymentCore.Batch;

public sealed partial class BatchProcessor
{
    /// <summary>
    /// One pass over the source. A reader cuts the items into small chunks and starts each chunk on the thread pool
    /// as soon as one of <see cref="BatchOptions.MaxDegreeOfParallelism"/> slots is free (items of a chunk run one
    /// after another, so at most that many items are ever in flight); it queues the chunk's task in source order on a
    /// bounded channel, and this method awaits the tasks in that order and hands each result on. The channel bounds
    /// the results waiting behind a slow chunk, so memory stays flat, and results come out in source order.
    /// Chunks exist to pay the thread-pool hand-offs once per chunk, not once per item.
    /// </summary>
    private async Task RunPassAsync(
        IBatchSource source,
        long totalItems,
        DuplicateIndex duplicates,
        Func<long, BatchItem, bool, CancellationToken, ValueTask<BatchItemResult>> work,
        Func<BatchItemResult, ValueTask> onResult,
        CancellationToken cancellationToken)
    {
        var parallelism = _options.MaxDegreeOfParallelism;

        // Small batches get small chunks so every slot has work; large ones cap at 64 items per hand-off.
        var chunkSize = (int)Math.Clamp(totalItems / (parallelism * 16L), 1, 64);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(parallelism, parallelism);
        var ordered = Channel.CreateBounded<Task<List<BatchItemResult>>>(new BoundedChannelOptions(Math.Max(8, parallelism * 4))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        duplicates.Reset();
        Exception? sourceFault = null;

        async Task StartAsync(List<(long Sequence, BatchItem Item, bool Repeat)> chunk)
        {
            await slots.WaitAsync(stop.Token).ConfigureAwait(false);
            var task = Task.Run(
                async () =>
                {
                    try
                    {
                        var results = new List<BatchItemResult>(chunk.Count);
                        foreach (var (seq, item, repeat) in chunk)
                        {
                            try
                            {
                                results.Add(await work(seq, item, repeat, stop.Token).ConfigureAwait(false));
                            }
                            catch (OperationCanceledException) when (stop.IsCancellationRequested)
                            {
                                // Stopped before this item was recorded; a re-run will process it and the rest.
                                break;
                            }
                        }

                        return results;
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                CancellationToken.None);

            // Never lose a started task: even when stopping, wait for room; the consumer drains until completion.
            await ordered.Writer.WriteAsync(task, CancellationToken.None).ConfigureAwait(false);
        }

        var reader = Task.Run(
            async () =>
            {
                try
                {
                    long sequence = 0;
                    var chunk = new List<(long, BatchItem, bool)>(chunkSize);
                    await foreach (var item in source.ReadAsync(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
                    {
                        chunk.Add((++sequence, item, duplicates.IsRepeat(item.EndToEndId)));
                        if (chunk.Count == chunkSize)
                        {
                            await StartAsync(chunk).ConfigureAwait(false);
                            chunk = new List<(long, BatchItem, bool)>(chunkSize);
                        }
                    }

                    if (chunk.Count > 0)
                    {
                        await StartAsync(chunk).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
#pragma warning disable CA1031 // A source fault (a malformed file) is rethrown to the caller once in-flight items are recorded.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    sourceFault = ex;
                }
                finally
                {
                    ordered.Writer.TryComplete();
                }
            },
            CancellationToken.None);

        ExceptionDispatchInfo? fault = null;
        while (await ordered.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (ordered.Reader.TryRead(out var task))
            {
                try
                {
                    var results = await task.ConfigureAwait(false);
                    foreach (var result in results)
                    {
                        if (fault is null)
                        {
                            await onResult(result).ConfigureAwait(false);
                        }
                    }
                }
#pragma warning disable CA1031 // The first fault stops the batch and is rethrown after the items in flight are drained.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    fault ??= ExceptionDispatchInfo.Capture(ex);
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
        }

        await reader.ConfigureAwait(false);
        fault?.Throw();
        if (sourceFault is not null)
        {
            ExceptionDispatchInfo.Throw(sourceFault);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
