using PaymentCore.Monetary;

namespace PaymentCore.Batch;

/// <summary>The outcome of a batch: its group status, counts and sums by status and currency.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchSummary
{
    /// <summary>Gets the batch id.</summary>
    /// <value>From the header.</value>
    public required string BatchId { get; init; }

    /// <summary>Gets the mode the batch ran in.</summary>
    /// <value>From the options.</value>
    public required BatchMode Mode { get; init; }

    /// <summary>Gets the group status.</summary>
    /// <value>See <see cref="BatchStatus"/>.</value>
    public required BatchStatus Status { get; init; }

    /// <summary>Gets the pain.002 group status code.</summary>
    /// <value>ACCP, PART or RJCT.</value>
    public string StatusCode => Status switch
    {
        BatchStatus.Accepted => "ACCP",
        BatchStatus.PartiallyAccepted => "PART",
        _ => "RJCT",
    };

    /// <summary>Gets the number of items read.</summary>
    /// <value>Every item of the source, rejected ones included.</value>
    public required long TotalItems { get; init; }

    /// <summary>Gets the plain sum of every item's amount as written, across currencies (ISO 20022 <c>CtrlSum</c>).</summary>
    /// <value>Whatever the header declared.</value>
    public required decimal ControlSum { get; init; }

    /// <summary>Gets the control-total mismatch that rejected the batch before any money moved.</summary>
    /// <value><see langword="null"/> when the totals matched.</value>
    public BatchControlTotalMismatch? ControlTotalMismatch { get; init; }

    /// <summary>Gets the group reason code when the whole batch was rejected.</summary>
    /// <value>AM18 or AM10 for control totals; <see langword="null"/> otherwise.</value>
    public string? RejectionCode { get; init; }

    /// <summary>Gets why the whole batch was rejected.</summary>
    /// <value><see langword="null"/> unless <see cref="RejectionCode"/> is set.</value>
    public string? RejectionReason { get; init; }

    /// <summary>Gets the items paid.</summary>
    /// <value>A count.</value>
    public long Succeeded { get; init; }

    /// <summary>Gets the items not paid: rejected, declined, failed or voided.</summary>
    /// <value>A count; with <see cref="Succeeded"/> and <see cref="Pending"/> it makes <see cref="TotalItems"/> when the batch ran.</value>
    public long Failed { get; init; }

    /// <summary>Gets the items whose outcome is unknown until recovery asks the authorizer.</summary>
    /// <value>A count.</value>
    public long Pending { get; init; }

    /// <summary>Gets the items an earlier run of the same batch had already finished.</summary>
    /// <value>A count; equals the items submitted when a finished batch is run again.</value>
    public long Replayed { get; init; }

    /// <summary>Gets the number of items of each status.</summary>
    /// <value>Every status with at least one item.</value>
    public IReadOnlyDictionary<BatchItemStatus, long> CountByStatus { get; init; } = new Dictionary<BatchItemStatus, long>();

    /// <summary>Gets the counts and totals by status and currency.</summary>
    /// <value>Items whose currency could not be read count in <see cref="CountByStatus"/> only.</value>
    public IReadOnlyList<BatchAmount> Amounts { get; init; } = [];

    /// <summary>Gets the total of the items of one status in one currency.</summary>
    /// <param name="status">The status.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The total; zero when there is none.</returns>
    public Money TotalOf(BatchItemStatus status, Currency currency)
    {
        foreach (var amount in Amounts)
        {
            if (amount.Status == status && amount.Total.Currency == currency)
            {
                return amount.Total;
            }
        }

        return Money.Zero(currency);
    }

    /// <summary>Gets the number of items of one status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The count; zero when there is none.</returns>
    public long CountOf(BatchItemStatus status) => CountByStatus.GetValueOrDefault(status);
}
