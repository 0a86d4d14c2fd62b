using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.ExchangeRates;

namespace PaymentCore.Batch;

/// <summary>
/// Runs batches of payouts through a <see cref="PaymentProcessor"/>: control totals checked before any money moves,
/// items streamed with bounded parallelism, each with its own result, idempotent and resumable.
/// </summary>
/// <remarks>
/// <para>
/// Every item's idempotency key is made of the batch id and the item's end-to-end id, so running the same batch
/// again (after a crash, or after it finished) submits nothing twice: finished items come back as replays and only
/// unfinished ones are processed.
/// </para>
/// <para>
/// Memory stays flat in the number of items: the source is read twice (once to check the totals, once to process)
/// and results are handed out as they are made, in source order, through a bounded window. The only per-item state
/// is an 8-byte hash per item during the first pass, to find repeated end-to-end ids.
/// </para>
/// <para>Thread safety: safe to run several batches at once on one instance.</para>
/// </remarks>
public sealed partial class BatchProcessor
{
    private readonly PaymentProcessor _processor;
    private readonly BatchOptions _options;
    private readonly TimeProvider _time;
    private readonly IExchangeRateProvider? _exchangeRates;

    /// <summary>Creates a batch processor.</summary>
    /// <param name="processor">The processor every item goes through.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock used to throttle progress reports; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="processor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range; the message and <see cref="ArgumentException.ParamName"/> name it.</exception>
    public BatchProcessor(PaymentProcessor processor, BatchOptions? options = null, TimeProvider? timeProvider = null)
        : this(processor, options, timeProvider, exchangeRates: null)
    {
    }

    /// <summary>Creates a batch processor that converts equivalent amounts (<see cref="BatchItem.TransferCurrency"/>) with <paramref name="exchangeRates"/>.</summary>
    /// <param name="processor">The processor every item goes through.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock used to throttle progress reports; <see langword="null"/> for the system clock.</param>
    /// <param name="exchangeRates">Quotes rates for items to convert; <see langword="null"/> rejects such items (AM03) and goes on with the batch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="processor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range; the message and <see cref="ArgumentException.ParamName"/> name it.</exception>
    public BatchProcessor(PaymentProcessor processor, BatchOptions? options, TimeProvider? timeProvider, IExchangeRateProvider? exchangeRates)
    {
        ArgumentNullException.ThrowIfNull(processor);
        _processor = processor;
        _options = options ?? new BatchOptions();
        BatchOptionsValidator.Instance.ThrowIfInvalid(_options, nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        _exchangeRates = exchangeRates;
    }

    /// <summary>Gets the options.</summary>
    /// <value>As given to the constructor.</value>
    public BatchOptions Options => _options;

    /// <summary>Makes the idempotency key of one item: the batch id, length-prefixed so no two (batch, item) pairs share a key, and the end-to-end id.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="endToEndId">The item's end-to-end id.</param>
    /// <returns>The key the item is submitted with.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string IdempotencyKeyFor(string batchId, string endToEndId)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        ArgumentNullException.ThrowIfNull(endToEndId);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"batch:{batchId.Length}:{batchId}:{endToEndId}");
    }

    /// <summary>Checks the batch's control totals, then processes every item.</summary>
    /// <param name="header">The batch header.</param>
    /// <param name="items">The items; read twice.</param>
    /// <param name="progress">Receives throttled progress; optional.</param>
    /// <param name="onItemResult">Receives every item's result, in source order, one at a time; optional.</param>
    /// <param name="cancellationToken">Stops the batch: items in flight finish and are recorded; run the batch again to resume.</param>
    /// <returns>The summary. A control-total mismatch is a rejected summary (<see cref="BatchSummary.ControlTotalMismatch"/>), not an exception, and moves no money.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> or <paramref name="items"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The header is invalid, or an item to process has no amount or creditor account.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="Exception">Whatever the source throws when read (a malformed file), or the store throws; items done before it stay done.</exception>
    public async ValueTask<BatchSummary> ProcessBatchAsync(
        BatchHeader header,
        IBatchSource items,
        IProgress<BatchProgress>? progress = null,
        Func<BatchItemResult, ValueTask>? onItemResult = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(items);
        header.Validate();

        // Pass 1: count and sum before any money moves.
        var check = await CheckTotalsAsync(header, items, progress, cancellationToken).ConfigureAwait(false);
        if (check.Mismatch is { } mismatch)
        {
            var rejected = new BatchSummary
            {
                BatchId = header.BatchId,
                Mode = _options.Mode,
                Status = BatchStatus.Rejected,
                TotalItems = check.Count,
                ControlSum = check.Sum,
                ControlTotalMismatch = mismatch,
                RejectionCode = mismatch.ReasonCode,
                RejectionReason = mismatch.ToString(),
            };
            progress?.Report(new BatchProgress { Phase = BatchPhase.Completed, ItemsDone = 0, TotalItems = check.Count });
            return rejected;
        }

        var tally = new BatchTally();
        var reporter = new ProgressReporter(progress, _time, _options.ProgressInterval, check.Count);
        if (_options.Mode == BatchMode.BestEffort)
        {
            await RunPassAsync(
                items,
                check.Count,
                check.Duplicates,
                (seq, item, repeat, ct) => ProcessItemAsync(header, seq, item, repeat, CaptureMode.Automatic, ct),
                async result =>
                {
                    tally.Add(result);
                    _processor.Metrics.RecordBatchItem(result.Status);
                    reporter.Report(BatchPhase.Processing, tally, force: false);
                    if (onItemResult is not null)
                    {
                        await onItemResult(result).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RunAllOrNothingAsync(header, items, check, tally, reporter, onItemResult, cancellationToken).ConfigureAwait(false);
        }

        reporter.Report(BatchPhase.Completed, tally, force: true);
        return new BatchSummary
        {
            BatchId = header.BatchId,
            Mode = _options.Mode,
            Status = tally.Succeeded == tally.Done ? BatchStatus.Accepted
                : tally.Succeeded == 0 && tally.Pending == 0 ? BatchStatus.Rejected
                : BatchStatus.PartiallyAccepted,
            TotalItems = check.Count,
            ControlSum = check.Sum,
            Succeeded = tally.Succeeded,
            Failed = tally.Failed,
            Pending = tally.Pending,
            Replayed = tally.Replayed,
            CountByStatus = tally.Counts(),
            Amounts = tally.Amounts(),
        };
    }

    internal async ValueTask<TotalsCheck> CheckTotalsAsync(BatchHeader header, IBatchSource items, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        long count = 0;
        var sum = 0m;
        long preRejected = 0;
        var duplicates = new DuplicateIndex.Builder(header.DeclaredNumberOfTransactions ?? 1024);
        var groups = GroupTotalsCheck.For(header.DeclaredGroupTotals);
        var lastReport = _time.GetTimestamp();
        progress?.Report(new BatchProgress { Phase = BatchPhase.CheckingTotals, ItemsDone = 0 });
        await foreach (var item in items.ReadAsync(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            count++;
            sum += item.ControlAmount;
            duplicates.Add(item.EndToEndId);
            groups?.Add(item);
            if (item.PreRejection is not null)
            {
                preRejected++;
            }

            if (progress is not null && (count & 0x3FF) == 0 && _time.GetElapsedTime(lastReport) >= _options.ProgressInterval)
            {
                lastReport = _time.GetTimestamp();
                progress.Report(new BatchProgress { Phase = BatchPhase.CheckingTotals, ItemsDone = count });
            }
        }

        // The batch's own totals first; then each group's (D7: a pain.001 block whose NbOfTxs or CtrlSum is wrong).
        var mismatch = new BatchControlTotalMismatch(header.DeclaredNumberOfTransactions, count, header.DeclaredControlSum, sum);
        var found = mismatch.CountDiffers || mismatch.SumDiffers ? mismatch : groups?.FirstMismatch();
        return new TotalsCheck(count, sum, preRejected, duplicates.Build(), found);
    }

    internal sealed record TotalsCheck(long Count, decimal Sum, long PreRejected, DuplicateIndex Duplicates, BatchControlTotalMismatch? Mismatch);
}
