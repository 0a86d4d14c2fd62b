namespace PaymentCore.Iso20022.Pain001;

/// <summary>The declared and actual control totals of one payment information block of a pain.001 message.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Block">The block's debtor-side information.</param>
/// <param name="DeclaredNumberOfTransactions">The block's <c>NbOfTxs</c>, when declared (it is optional at block level).</param>
/// <param name="DeclaredControlSum">The block's <c>CtrlSum</c>, when declared.</param>
/// <param name="ActualNumberOfTransactions">The number of <c>CdtTrfTxInf</c> elements in the block.</param>
/// <param name="ActualControlSum">The plain sum of the block's instructed amounts, across currencies, as ISO 20022 defines <c>CtrlSum</c>.</param>
public sealed record Pain001BlockSummary(
    Pain001PaymentBlock Block,
    long? DeclaredNumberOfTransactions,
    decimal? DeclaredControlSum,
    long ActualNumberOfTransactions,
    decimal ActualControlSum);
