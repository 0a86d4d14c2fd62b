namespace PaymentCore.Iso20022.BankStatus;

/// <summary>What applying a pain.002 report to a batch did.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Items">One outcome per item of the batch a status applied to, in batch order.</param>
/// <param name="Unmatched">Statuses that name no item, block or message of the batch.</param>
public sealed record BankStatusResult(IReadOnlyList<BankStatusItemOutcome> Items, IReadOnlyList<BankStatusUnmatched> Unmatched)
{
    /// <summary>Gets how many payments this application changed.</summary>
    /// <value>0 when the same report is applied a second time.</value>
    public int Changed => Items.Count(i => i.Changed);

    /// <summary>Gets how many items have the given action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The count.</returns>
    public int CountOf(BankStatusAction action) => Items.Count(i => i.Action == action);
}
