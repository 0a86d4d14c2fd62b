using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace PaymentCore.Batch;

public sealed partial class BatchProcessor
{
    /// <summary>
    /// One pass over the source: a reader starts each item on the thread pool as soon as one of
    /// <see cref="BatchOptions.MaxDegreeOfParallelism"/> slots is free, and queues its task in source order on a
    /// bounded channel; this method awaits the tasks in that order and hands each result on. The channel bounds the
    /// results waiting behind a slow item, so memory stays flat, and results come out in source order.
    /// </summary>
    private async Task RunPassAsync(
        IBatchSource source,
        DuplicateIndex duplicates,
        Func<long, BatchItem, bool, CancellationToken, ValueTask<BatchItemResult>> work,
        Func<BatchItemResult, ValueTask> onResult,
        CancellationToken cancellationToken)
    {
        var parallelism = _options.MaxDegreeOfParallelism;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(parallelism, parallelism);
        var ordered = Channel.CreateBounded<Task<BatchItemResult>>(new BoundedChannelOptions(Math.Max(64, parallelism * 8))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        duplicates.Reset();
        Exception? sourceFault = null;

        var reader = Task.Run(
            async () =>
            {
                try
                {
                    long sequence = 0;
                    await foreach (var item in source.ReadAsync(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
                    {
                        var seq = ++sequence;
                        var repeat = duplicates.IsRepeat(item.EndToEndId);
                        await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                        var task = Task.Run(
                            async () =>
                            {
                                try
                                {
                                    return await work(seq, item, repeat, stop.Token).ConfigureAwait(false);
                                }
                                finally
                                {
                                    slots.Release();
                                }
                            },
                            CancellationToken.None);

                        // Never lose a started task: if the channel is full and we are stopping, wait anyway,
                        // the consumer keeps draining until the channel completes.
                        await ordered.Writer.WriteAsync(task, CancellationToken.None).ConfigureAwait(false);
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
                    var result = await task.ConfigureAwait(false);
                    if (fault is null)
                    {
                        await onResult(result).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The item stopped before anything was recorded; a re-run will process it.
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
