namespace PaymentCore.Iso20022.Payouts;

/// <summary>
/// One credit transfer to make, as any input format states it: who is paid, how much, in which currency,
/// and the ids that tie the payment back to the instruction. pain.001 transactions and payroll CSV rows both
/// carry one, so checks and the pain.002 status report work the same whatever the source.
/// </summary>
/// <remarks>
/// The amount is kept as the exact <see cref="decimal"/> read from the file and the currency as the
/// three-letter code string as read: mapping to the core <c>Money</c> type (and refusing precision the
/// currency does not have) is done by the caller, not here.
/// Thread safety: immutable; safe to share between threads.
/// </remarks>
/// <param name="EndToEndId">The end-to-end id the initiating party gave the payment (pain.001 <c>PmtId/EndToEndId</c>); never empty.</param>
/// <param name="InstructionId">The point-to-point instruction id (<c>PmtId/InstrId</c>), when given.</param>
/// <param name="Amount">The instructed amount, exactly as written in the file.</param>
/// <param name="Currency">The currency code exactly as written in the file (<c>Ccy</c> attribute); not validated here.</param>
/// <param name="CreditorName">The creditor's name (<c>Cdtr/Nm</c>), when given.</param>
/// <param name="CreditorIban">The creditor account IBAN (<c>CdtrAcct/Id/IBAN</c>) with spaces removed, when given; not validated here.</param>
/// <param name="CreditorOtherAccountId">The creditor account's other identification (<c>CdtrAcct/Id/Othr/Id</c>), used when there is no IBAN.</param>
/// <param name="CreditorAgentBic">The creditor agent's BIC (<c>CdtrAgt/FinInstnId/BIC</c> or <c>BICFI</c>), when given; not validated here.</param>
/// <param name="RemittanceInformation">The unstructured remittance information (<c>RmtInf/Ustrd</c>); several occurrences are joined with a single space.</param>
public sealed record PayoutInstruction(
    string EndToEndId,
    string? InstructionId,
    decimal Amount,
    string Currency,
    string? CreditorName,
    string? CreditorIban,
    string? CreditorOtherAccountId,
    string? CreditorAgentBic,
    string? RemittanceInformation)
{
    /// <summary>
    /// Gets the currency the payout is to be transferred in when the amount is an equivalent amount (pain.001
    /// <c>EqvtAmt</c>): <see cref="PayoutInstruction.Amount"/> and <see cref="PayoutInstruction.Currency"/> are then the
    /// amount in the debtor's currency (<c>EqvtAmt/Amt</c>), and the creditor is paid its equivalent in this currency
    /// (<c>CcyOfTrf</c>) at a rate quoted when the item is processed.
    /// </summary>
    /// <value><see langword="null"/> (the default) for an instructed amount, paid as written.</value>
    public string? TransferCurrency { get; init; }

    /// <summary>
    /// Gets why the reader found the payout cannot be processed (an unsupported feature such as a cheque or an unknown
    /// amount form, or a text field that breaks its ISO 20022 type), with the reason code it is rejected with. The
    /// payout still belongs to the batch and counts in its control totals.
    /// </summary>
    /// <value><see langword="null"/> (the default) when nothing stood in the way while reading.</value>
    public PayoutCheckResult? Unprocessable { get; init; }
}
