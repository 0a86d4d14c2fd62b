using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>One credit transfer transaction (<c>CdtTrfTxInf</c>) of a pain.001 message, with its block.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Block">The payment information block the transaction belongs to (debtor, debtor account, execution date).</param>
/// <param name="Payout">The creditor side: ids, instructed amount and currency, creditor, account, agent and remittance information.</param>
/// <param name="LineNumber">The line where the transaction's <c>CdtTrfTxInf</c> element starts, so a rejection can say where.</param>
public sealed record Pain001Transaction(Pain001PaymentBlock Block, PayoutInstruction Payout, int LineNumber);
