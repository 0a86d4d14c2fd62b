using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Batch;

public sealed partial class BatchProcessor
{
    /// <summary>
    /// All or nothing: authorize every item with manual capture; then, reading the source again, capture every hold if
    /// every item was approved, or void every hold otherwise. Decisions depend only on what the store records, so a
    /// re-run after a crash reaches the same decision and finishes the same captures or voids.
    /// </summary>
    private async Task RunAllOrNothingAsync(
        BatchHeader header,
        IBatchSource items,
        TotalsCheck check,
        BatchTally tally,
        ProgressReporter reporter,
        Func<BatchItemResult, ValueTask>? onItemResult,
        CancellationToken cancellationToken)
    {
        long notApproved = check.PreRejected;
        long replayed = 0;
        if (notApproved == 0)
        {
            // An item already rejected by the format dooms the batch: do not even place holds.
            var authorizing = new BatchTally();
            await RunPassAsync(
                items,
                check.Count,
                check.Duplicates,
                (seq, item, repeat, ct) => ProcessItemAsync(header, seq, item, repeat, CaptureMode.Manual, ct),
                result =>
                {
                    authorizing.Add(result);
                    reporter.Report(BatchPhase.Processing, authorizing, force: false);
                    return ValueTask.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            notApproved = authorizing.Failed + authorizing.Pending;
            replayed = authorizing.Replayed;
        }

        var captureAll = notApproved == 0;
        await RunPassAsync(
            items,
            check.Count,
            check.Duplicates,
            (seq, item, repeat, ct) => SettleItemAsync(header, seq, item, repeat, captureAll, notApproved, ct),
            async result =>
            {
                tally.Add(result);
                reporter.Report(BatchPhase.Settling, tally, force: false);
                if (onItemResult is not null)
                {
                    await onItemResult(result).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);

        // An item counts as replayed when an earlier run had already authorized (or declined) it.
        tally.Replayed = replayed;
    }

    private async ValueTask<BatchItemResult> SettleItemAsync(BatchHeader header, long sequence, BatchItem item, bool repeat, bool captureAll, long notApproved, CancellationToken cancellationToken)
    {
        if (Unsubmittable(sequence, item, repeat) is { } rejected)
        {
            return rejected;
        }

        var record = await _processor.GetByIdempotencyKeyAsync(header.MerchantId, IdempotencyKeyFor(header.BatchId, item.EndToEndId), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Rejected(sequence, item, BatchReasonCodes.NotSpecifiedReasonAgentGenerated, $"Not submitted: the all-or-nothing batch has {notApproved} item(s) rejected before processing.");
        }

        if (record.Status == TransactionStatus.Authorized)
        {
            var settled = captureAll
                ? await _processor.CaptureAsync(header.MerchantId, record.Id, null, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await _processor.VoidAsync(header.MerchantId, record.Id, cancellationToken).ConfigureAwait(false);
            var result = FromPayment(sequence, item, settled, authorizeOnly: false);
            return captureAll ? result : result with { Reason = $"Voided: {notApproved} item(s) of the all-or-nothing batch were not approved." };
        }

        // Already captured, voided, declined or failed (by this run's first pass or an earlier run): report it as is.
        // Replayed here means the capture or void itself was done by an earlier run.
        var replay = FromPayment(sequence, item, RecordedOutcome.OfPayment(record, replayed: record.Status is TransactionStatus.Captured or TransactionStatus.Voided), authorizeOnly: false);
        return record.Status == TransactionStatus.Voided
            ? replay with { Reason = $"Voided: {notApproved} item(s) of the all-or-nothing batch were not approved." }
            : replay;
    }
}
