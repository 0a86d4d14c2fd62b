using PaymentCore.Iso20022.Pain002;

namespace PaymentCore.Iso20022.BankStatus;

/// <summary>What a bank's status did to one item of our batch.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="EndToEndId">The item's end-to-end id.</param>
/// <param name="PaymentInformationId">The item's block (pain.001 <c>PmtInfId</c>), when it has one.</param>
/// <param name="Status">The status that applied to it: its own transaction status, else its block's, else the group's.</param>
/// <param name="Action">What was done.</param>
/// <param name="Detail">Why, for people: the bank's reasons, and what we found.</param>
public sealed record BankStatusItemOutcome(string EndToEndId, string? PaymentInformationId, Pain002ReportedStatus Status, BankStatusAction Action, string Detail)
{
    /// <summary>Gets whether this application changed the payment.</summary>
    /// <value><see langword="true"/> only for <see cref="BankStatusAction.Reversed"/> and <see cref="BankStatusAction.Settled"/>.</value>
    public bool Changed => Action is BankStatusAction.Reversed or BankStatusAction.Settled;
}
