using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Pain002;

/// <summary>The status of one original transaction, written as a pain.002 <c>TxInfAndSts</c>.</summary>
/// <remarks>
/// The writer groups consecutive statuses with the same <see cref="OriginalPaymentInformationId"/> into one
/// <c>OrgnlPmtInfAndSts</c>, so give them in block order (the order the pain.001 reader returns them).
/// Thread safety: immutable; safe to share between threads.
/// </remarks>
/// <param name="OriginalPaymentInformationId">The <c>PmtInfId</c> of the block the transaction was in.</param>
/// <param name="OriginalInstructionId">The transaction's original <c>InstrId</c>, when it had one.</param>
/// <param name="OriginalEndToEndId">The transaction's original <c>EndToEndId</c>.</param>
/// <param name="Status">The status; <see cref="Pain002Status.PartiallyAccepted"/> is not allowed for a transaction.</param>
/// <param name="Reason">Why, when rejected or pending; otherwise usually <see langword="null"/>.</param>
public sealed record Pain002TransactionStatus(
    string OriginalPaymentInformationId,
    string? OriginalInstructionId,
    string OriginalEndToEndId,
    Pain002Status Status,
    Pain002StatusReason? Reason = null)
{
    /// <summary>Creates the status of a pain.001 transaction from its pre-check: accepted (ACCP) or rejected (RJCT) with the check's reason.</summary>
    /// <param name="transaction">The original transaction.</param>
    /// <param name="check">The outcome of <see cref="Pain001TransactionCheck.Check(Pain001Transaction)"/>.</param>
    /// <returns>The status to report.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static Pain002TransactionStatus FromCheck(Pain001Transaction transaction, PayoutCheckResult check)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(check);
        return check.IsValid
            ? new(transaction.Block.PaymentInformationId, transaction.Payout.InstructionId, transaction.Payout.EndToEndId, Pain002Status.AcceptedCustomerProfile)
            : new(transaction.Block.PaymentInformationId, transaction.Payout.InstructionId, transaction.Payout.EndToEndId, Pain002Status.Rejected, new Pain002StatusReason(check.ReasonCode!, check.Reason));
    }
}
