using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Pain002;

namespace PaymentCore.Iso20022.Batch;

/// <summary>Builds ISO 20022 pain.002 status reports from batch results.</summary>
/// <remarks>Thread safety: all members are static and safe to call from any thread.</remarks>
public static class BatchStatusReports
{
    /// <summary>Maps a batch's group status: ACCP, PART or RJCT.</summary>
    /// <param name="summary">The batch summary.</param>
    /// <returns>The pain.002 group status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>.</exception>
    public static Pain002Status GroupStatusOf(BatchSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Status switch
        {
            BatchStatus.Accepted => Pain002Status.AcceptedCustomerProfile,
            BatchStatus.PartiallyAccepted => Pain002Status.PartiallyAccepted,
            _ => Pain002Status.Rejected,
        };
    }

    /// <summary>Maps one item's result: captured items are ACSC (settlement completed: the debtor account was debited), pending ones (and any not captured) PDNG, all others RJCT with their reason code.</summary>
    /// <param name="result">The item's result.</param>
    /// <param name="defaultGroupId">The block id to report when the item has none (a CSV row).</param>
    /// <returns>The transaction status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static Pain002TransactionStatus ToTransactionStatus(BatchItemResult result, string defaultGroupId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var item = result.Item;
        var group = item.GroupId ?? defaultGroupId;
        return result.Status switch
        {
            // Nothing is ACSC unless it was captured (issue 15, D3).
            BatchItemStatus.Succeeded when result.Payment is { } paid && paid.Transaction.Captured.IsPositive =>
                new(group, item.InstructionId, item.EndToEndId, Pain002Status.AcceptedSettlementCompleted),
            BatchItemStatus.Succeeded => new(group, item.InstructionId, item.EndToEndId, Pain002Status.Pending, new Pain002StatusReason(BatchReasonCodes.Narrative, "Authorized, not captured yet.")),
            BatchItemStatus.Pending => new(group, item.InstructionId, item.EndToEndId, Pain002Status.Pending, result.Reason is null ? null : new Pain002StatusReason(BatchReasonCodes.Narrative, result.Reason)),
            _ => new(group, item.InstructionId, item.EndToEndId, Pain002Status.Rejected, new Pain002StatusReason(result.ReasonCode ?? BatchReasonCodes.NotSpecifiedReasonAgentGenerated, result.Reason)),
        };
    }

    /// <summary>
    /// Writes the pain.002 report of a batch that has run. The group status comes first in the file, so the item
    /// statuses are produced by running the batch again: every item is then a replay (nothing is paid twice) and
    /// they stream into the file in source order without being held in memory.
    /// </summary>
    /// <param name="output">Where the XML goes; not disposed.</param>
    /// <param name="processor">The batch processor the batch ran on (same store).</param>
    /// <param name="header">The batch header.</param>
    /// <param name="source">The batch items.</param>
    /// <param name="summary">The summary of the run being reported.</param>
    /// <param name="report">The report's own fields (message id, creation time, original message name); its statuses are filled here.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the report is written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task WriteAsync(Stream output, BatchProcessor processor, BatchHeader header, IBatchSource source, BatchSummary summary, Pain002Report report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);

        var filled = report with
        {
            OriginalMessageId = header.BatchId,
            OriginalNumberOfTransactions = summary.TotalItems,
            OriginalControlSum = summary.ControlSum,
            GroupStatus = GroupStatusOf(summary),
            GroupStatusReason = summary.RejectionCode is { } code ? new Pain002StatusReason(code, summary.RejectionReason) : null,
        };

        if (summary.ControlTotalMismatch is not null)
        {
            // Rejected as a whole before any item was looked at: the group status says it all.
            await Pain002Writer.WriteAsync(output, filled, cancellationToken).ConfigureAwait(false);
            return;
        }

        var statuses = Channel.CreateBounded<Pain002TransactionStatus>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var replay = Task.Run(
            async () =>
            {
                try
                {
                    await processor.ProcessBatchAsync(header, source, null, r => statuses.Writer.WriteAsync(ToTransactionStatus(r, header.BatchId), stop.Token), stop.Token).ConfigureAwait(false);
                    statuses.Writer.TryComplete();
                }
#pragma warning disable CA1031 // Handed to the writer's side through the channel, which rethrows it.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    statuses.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            await Pain002Writer.WriteAsync(output, filled with { Transactions = ReadAllAsync(statuses.Reader, stop.Token) }, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await replay.ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<Pain002TransactionStatus> ReadAllAsync(ChannelReader<Pain002TransactionStatus> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var status in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return status;
        }
    }
}
