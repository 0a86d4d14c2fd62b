using PaymentCore.Batch;
using PaymentCore.Iso20022.Pain002;
using PaymentCore.Iso20022.Text;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Iso20022.BankStatus;

/// <summary>
/// Applies a bank's pain.002 status report to a batch we ran: each status is matched to our items by original message
/// id (our batch id), payment information id and end-to-end id, then applied. RJCT after we paid reverses the payment
/// (refund when captured, void when only authorized), recording the bank's reason code in the refund's key; ACSC and
/// ACCC confirm settlement; statuses that match nothing are reported, never guessed at.
/// </summary>
/// <remarks>
/// <para>
/// A status applies to an item from the most specific level that gives one: the item's own <c>TxSts</c>; else its
/// block's <c>PmtInfSts</c>, else the group's <c>GrpSts</c>, when that status is final (RJCT, ACSC or ACCC; a PART or
/// an acceptance says nothing about single items).
/// </para>
/// <para>
/// Idempotent: applying the same report again changes nothing, because every action depends on the payment's recorded
/// state (a reversed payment is <see cref="BankStatusAction.AlreadyReversed"/>) and a refund's key is the same each time.
/// </para>
/// <para>
/// Memory: the report's statuses are held (one small record each) while the batch source is read once; the batch is
/// not held. Thread safety: safe to use from several threads on different reports.
/// </para>
/// </remarks>
public sealed class BankStatusApplier
{
    private readonly IPaymentOperations _payments;

    /// <summary>Creates an applier that acts through <paramref name="processor"/> (the processor the batch ran on).</summary>
    /// <param name="processor">The processor.</param>
    /// <exception cref="ArgumentNullException"><paramref name="processor"/> is <see langword="null"/>.</exception>
    public BankStatusApplier(PaymentProcessor processor)
        : this(new ProcessorPaymentOperations(processor ?? throw new ArgumentNullException(nameof(processor))))
    {
    }

    internal BankStatusApplier(IPaymentOperations payments) => _payments = payments;

    /// <summary>Reads a pain.002 report and applies it to the batch.</summary>
    /// <param name="report">The pain.002 report; read from its current position, not disposed.</param>
    /// <param name="header">The batch's header (its id and merchant make the items' payment ids).</param>
    /// <param name="source">The batch's items, read once.</param>
    /// <param name="options">Reader limits; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops between items; what was applied stays applied, and applying again finishes the rest.</param>
    /// <returns>What was done to each item, and what matched nothing.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="Pain002FormatException">The report cannot be read; nothing was applied.</exception>
    public async Task<BankStatusResult> ApplyAsync(Stream report, BatchHeader header, IBatchSource source, Pain002ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(source);

        // Read the whole report first: a report that breaks half-way is applied not at all.
        Pain002ReportedStatus? group = null;
        var blocks = new Dictionary<string, Pain002ReportedStatus>(StringComparer.Ordinal);
        var transactions = new Dictionary<string, Pain002ReportedStatus>(StringComparer.Ordinal);
        var unmatched = new List<BankStatusUnmatched>();
        await foreach (var status in Pain002Reader.ReadAsync(report, options, cancellationToken).ConfigureAwait(false))
        {
            switch (status.Level)
            {
                case Pain002StatusLevel.Group:
                    group = status;
                    break;
                case Pain002StatusLevel.PaymentInformation:
                    blocks[status.OriginalPaymentInformationId!] = status;
                    break;
                default:
                    if (!transactions.TryAdd(status.OriginalEndToEndId!, status))
                    {
                        unmatched.Add(new BankStatusUnmatched(status, $"The report gives end-to-end id '{status.OriginalEndToEndId}' a second status; only the first is applied."));
                    }

                    break;
            }
        }

        if (group is not null && !string.Equals(group.OriginalMessageId, header.BatchId, StringComparison.Ordinal))
        {
            // Another message's report: nothing in it is about this batch.
            var why = $"The report is about message '{group.OriginalMessageId}', not batch '{header.BatchId}'.";
            unmatched.Add(new BankStatusUnmatched(group, why));
            unmatched.AddRange(blocks.Values.Concat(transactions.Values).Select(s => new BankStatusUnmatched(s, why)));
            return new BankStatusResult([], unmatched);
        }

        var outcomes = new List<BankStatusItemOutcome>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var blocksSeen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!seen.Add(item.EndToEndId))
            {
                continue; // a repeated end-to-end id was rejected (AM05) and never paid; its first occurrence speaks for it.
            }

            if (item.GroupId is not null)
            {
                blocksSeen.Add(item.GroupId);
            }

            var status = StatusFor(item, group, blocks, transactions, unmatched);
            if (status is not null)
            {
                outcomes.Add(await ApplyAsync(header, item, status, cancellationToken).ConfigureAwait(false));
            }
        }

        unmatched.AddRange(transactions.Values.Select(s => new BankStatusUnmatched(s, $"No item of batch '{header.BatchId}' has end-to-end id '{s.OriginalEndToEndId}'.")));
        unmatched.AddRange(blocks.Values.Where(b => !blocksSeen.Contains(b.OriginalPaymentInformationId!))
            .Select(b => new BankStatusUnmatched(b, $"No block of batch '{header.BatchId}' has payment information id '{b.OriginalPaymentInformationId}'.")));
        return new BankStatusResult(outcomes, unmatched);
    }

    private static Pain002ReportedStatus? StatusFor(
        BatchItem item,
        Pain002ReportedStatus? group,
        Dictionary<string, Pain002ReportedStatus> blocks,
        Dictionary<string, Pain002ReportedStatus> transactions,
        List<BankStatusUnmatched> unmatched)
    {
        if (transactions.Remove(item.EndToEndId, out var own))
        {
            // The block id must agree too: the same end-to-end id under another block is another transaction.
            if (item.GroupId is not null && !string.Equals(own.OriginalPaymentInformationId, item.GroupId, StringComparison.Ordinal))
            {
                unmatched.Add(new BankStatusUnmatched(own, $"End-to-end id '{item.EndToEndId}' is in block '{item.GroupId}' of our batch, not '{own.OriginalPaymentInformationId}'."));
                return null;
            }

            return own;
        }

        if (item.GroupId is not null && blocks.TryGetValue(item.GroupId, out var block) && IsFinal(block.Status))
        {
            return block;
        }

        return group is not null && IsFinal(group.Status) ? group : null;
    }

    private static bool IsFinal(Pain002Status? status) =>
        status is Pain002Status.Rejected or Pain002Status.AcceptedSettlementCompleted or Pain002Status.AcceptedCreditSettlementCompleted;

    private async ValueTask<BankStatusItemOutcome> ApplyAsync(BatchHeader header, BatchItem item, Pain002ReportedStatus status, CancellationToken cancellationToken)
    {
        var key = BatchProcessor.IdempotencyKeyFor(header.BatchId, item.EndToEndId);
        string reasons = status.ReasonText is { } text ? $" ({text})" : string.Empty;
        BankStatusItemOutcome Outcome(BankStatusAction action, string detail) => new(item.EndToEndId, item.GroupId, status, action, detail + reasons);

        switch (status.Status)
        {
            case Pain002Status.Rejected:
                {
                    var record = await _payments.GetByIdempotencyKeyAsync(header.MerchantId, key, cancellationToken).ConfigureAwait(false);
                    return record is null
                        ? Outcome(BankStatusAction.NotPaid, "Rejected by the bank; it was never submitted.")
                        : await ReverseAsync(record, status, Outcome, cancellationToken).ConfigureAwait(false);
                }

            case Pain002Status.AcceptedSettlementCompleted or Pain002Status.AcceptedCreditSettlementCompleted:
                {
                    var record = await _payments.GetByIdempotencyKeyAsync(header.MerchantId, key, cancellationToken).ConfigureAwait(false);
                    if (record is null || !record.Captured.IsPositive)
                    {
                        // Nothing is ACSC unless we captured it (issue 15, D3): a settlement we never paid is for a person.
                        return Outcome(BankStatusAction.NeedsAttention, $"The bank says {status.StatusCode}, but our payment is {(record is null ? "not submitted" : record.Status.ToString())}, not captured.");
                    }

                    if (record.SettledAt is not null)
                    {
                        return Outcome(BankStatusAction.AlreadySettled, $"Settled by the bank ({status.StatusCode}); recorded before as {record.SettlementReference}.");
                    }

                    if (record.Pending is not null)
                    {
                        return Outcome(BankStatusAction.NeedsAttention, $"The bank says {status.StatusCode}, but an operation on our payment is in flight: run recovery, then apply the report again.");
                    }

                    try
                    {
                        // The reference names the status and the report, so the record says which report settled it.
                        var settled = await _payments.MarkSettledAsync(header.MerchantId, record.Id, $"{status.StatusCode}:{status.ReportMessageId}", cancellationToken).ConfigureAwait(false);
                        return Outcome(BankStatusAction.Settled, $"Settled by the bank ({status.StatusCode}); recorded as {settled.SettlementReference}.");
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or ConcurrentUpdateException or ArgumentException)
                    {
                        return Outcome(BankStatusAction.NeedsAttention, $"The bank says {status.StatusCode}; recording the settlement was refused: " + ex.Message);
                    }
                }

            case null:
                return Outcome(BankStatusAction.NeedsAttention, $"Unknown status code '{UntrustedText.Quote(status.StatusCode)}'.");

            default:
                return Outcome(BankStatusAction.Acknowledged, $"{status.StatusCode}: nothing to do.");
        }
    }

    private async ValueTask<BankStatusItemOutcome> ReverseAsync(TransactionRecord record, Pain002ReportedStatus status, Func<BankStatusAction, string, BankStatusItemOutcome> outcome, CancellationToken cancellationToken)
    {
        if (record.Pending is not null || record.Status is TransactionStatus.Received or TransactionStatus.RequiresAction)
        {
            return outcome(BankStatusAction.NeedsAttention, "Rejected by the bank, but our payment's outcome is still unknown: run recovery, then apply the report again.");
        }

        try
        {
            switch (record.Status)
            {
                case TransactionStatus.Authorized:
                    {
                        var (after, failure) = await _payments.VoidAsync(record.Request.MerchantId, record.Id, cancellationToken).ConfigureAwait(false);
                        return failure is null && after.Status == TransactionStatus.Voided
                            ? outcome(BankStatusAction.Reversed, "Rejected by the bank: the authorization was voided.")
                            : outcome(BankStatusAction.NeedsAttention, "Rejected by the bank; the void did not complete: " + failure);
                    }

                case TransactionStatus.Captured or TransactionStatus.PartiallyRefunded:
                    {
                        // The key carries the bank's reason into the payment's history, and is the same each time the
                        // report is applied, so a retried application never refunds twice.
                        string key = $"pain002-rjct:{status.ReasonCode ?? BatchReasonCodes.Narrative}:{status.ReportMessageId}";
                        var amount = record.Refundable;
                        var (after, failure) = await _payments.RefundAsync(record.Request.MerchantId, record.Id, amount, key, cancellationToken).ConfigureAwait(false);
                        return failure is null && after.Status == TransactionStatus.Refunded
                            ? outcome(BankStatusAction.Reversed, $"Rejected by the bank: {amount} refunded.")
                            : outcome(BankStatusAction.NeedsAttention, "Rejected by the bank; the refund did not complete: " + failure);
                    }

                case TransactionStatus.Refunded or TransactionStatus.Voided:
                    return outcome(BankStatusAction.AlreadyReversed, $"Rejected by the bank; already {record.Status.ToString().ToLowerInvariant()}.");

                default:
                    return outcome(BankStatusAction.NotPaid, $"Rejected by the bank; our payment was {record.Status.ToString().ToLowerInvariant()}, nothing was paid.");
            }
        }
        catch (Exception ex) when (ex is InvalidTransitionException or ConcurrentUpdateException or PaymentValidationException or IdempotencyConflictException)
        {
            return outcome(BankStatusAction.NeedsAttention, "Rejected by the bank; the reversal was refused: " + ex.Message);
        }
    }
}
