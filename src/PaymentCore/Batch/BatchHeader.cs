namespace PaymentCore.Batch;

/// <summary>
/// What a batch declares about itself before its items are read: who pays, from which account, when, and the
/// control totals (ISO 20022 <c>NbOfTxs</c> and <c>CtrlSum</c>) the items must add up to before any money moves.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchHeader
{
    /// <summary>Gets the batch id (pain.001 <c>MsgId</c>). With each item's end-to-end id it forms the item's idempotency key, so it must be stable across re-runs of the same batch.</summary>
    /// <value>Required; not blank, at most 128 characters.</value>
    public required string BatchId { get; init; }

    /// <summary>Gets the merchant (tenant) the payments are made for; the processor's idempotency scope.</summary>
    /// <value>Required; not blank.</value>
    public required string MerchantId { get; init; }

    /// <summary>Gets the debtor account every item is paid from unless the item names its own (<see cref="BatchItem.DebtorAccount"/>).</summary>
    /// <value>Required; an IBAN or other account id.</value>
    public required string DebtorAccount { get; init; }

    /// <summary>Gets the debtor's name, when known.</summary>
    /// <value>Optional.</value>
    public string? DebtorName { get; init; }

    /// <summary>Gets the requested execution date (pain.001 <c>ReqdExctnDt</c>).</summary>
    /// <value>Optional; informational, the engine does not schedule.</value>
    public DateOnly? RequestedExecutionDate { get; init; }

    /// <summary>Gets the declared number of items (<c>NbOfTxs</c>).</summary>
    /// <value><see langword="null"/> when the source declares none (a CSV file); then the count is not checked.</value>
    public long? DeclaredNumberOfTransactions { get; init; }

    /// <summary>Gets the declared control sum (<c>CtrlSum</c>): the plain sum of every item's amount as written, across currencies, as ISO 20022 defines it.</summary>
    /// <value><see langword="null"/> when not declared; then the sum is not checked (an absent CtrlSum is not a mismatch).</value>
    public decimal? DeclaredControlSum { get; init; }

    /// <summary>Gets the totals each group of items declares for itself (pain.001 block <c>NbOfTxs</c> and <c>CtrlSum</c>).</summary>
    /// <value>Empty (the default) when no group declares any; each listed group is checked like the batch's own totals.</value>
    public IReadOnlyList<BatchGroupTotals> DeclaredGroupTotals { get; init; } = [];

    internal void Validate()
    {
        Require(BatchId, nameof(BatchId), 128);
        Require(MerchantId, nameof(MerchantId), 128);
        Require(DebtorAccount, nameof(DebtorAccount), 128);
        if (DeclaredNumberOfTransactions is < 0)
        {
            throw new ArgumentException($"{nameof(DeclaredNumberOfTransactions)} must not be negative; it is {DeclaredNumberOfTransactions}.");
        }

        if (DeclaredGroupTotals is null)
        {
            throw new ArgumentException($"The batch header's {nameof(DeclaredGroupTotals)} must not be null; leave it empty instead.");
        }

        foreach (var group in DeclaredGroupTotals)
        {
            if (group is null || group.GroupId is null)
            {
                throw new ArgumentException($"The batch header's {nameof(DeclaredGroupTotals)} holds a null entry or group id.");
            }
        }
    }

    private static void Require(string? value, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            throw new ArgumentException($"The batch header's {name} is required: not blank and at most {max} characters.");
        }
    }
}
