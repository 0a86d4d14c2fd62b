using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>
/// The debtor side of one payment information block (<c>PmtInf</c>) of a pain.001 message: shared by every
/// transaction of the block, so a file of millions of transactions holds one of these per block, not per transaction.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="PaymentInformationId">The block's id (<c>PmtInfId</c>).</param>
/// <param name="DebtorName">The debtor's name (<c>Dbtr/Nm</c>), when given.</param>
/// <param name="DebtorIban">The debtor account IBAN (<c>DbtrAcct/Id/IBAN</c>) with spaces removed, when given.</param>
/// <param name="DebtorOtherAccountId">The debtor account's other identification (<c>DbtrAcct/Id/Othr/Id</c>), when given.</param>
/// <param name="DebtorAgentBic">The debtor agent's BIC (<c>DbtrAgt/FinInstnId/BIC</c> or <c>BICFI</c>), when given.</param>
/// <param name="RequestedExecutionDate">The requested execution date (<c>ReqdExctnDt</c>, or its <c>Dt</c>; the date part of <c>DtTm</c> in version 09).</param>
/// <param name="RequestedExecutionDateTime">The requested execution date-time when version 09's <c>ReqdExctnDt/DtTm</c> is used; otherwise <see langword="null"/>. Converted to UTC when the text has an offset, <see cref="DateTimeKind.Unspecified"/> when it has none.</param>
/// <param name="LineNumber">The line where the block's <c>PmtInf</c> element starts.</param>
public sealed record Pain001PaymentBlock(
    string PaymentInformationId,
    string? DebtorName,
    string? DebtorIban,
    string? DebtorOtherAccountId,
    string? DebtorAgentBic,
    DateOnly RequestedExecutionDate,
    DateTime? RequestedExecutionDateTime,
    int LineNumber)
{
    /// <summary>
    /// Gets why no transaction of the block can be paid, when something shared by all of them is wrong or not supported:
    /// a debtor IBAN failing ISO 13616 or a missing debtor account (AC02), a payment method other than TRF (NARR), a
    /// debtor name breaking Max140Text (CH16). Each transaction is then rejected by itself with this reason.
    /// </summary>
    /// <value><see langword="null"/> (the default) when the block can be paid from.</value>
    public PayoutCheckResult? Unprocessable { get; init; }
}
