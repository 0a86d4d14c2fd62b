namespace PaymentCore.Batch;

/// <summary>
/// The control totals one group of a batch declares for its own items, such as a pain.001 payment information
/// block's <c>NbOfTxs</c> and <c>CtrlSum</c>. The engine checks them with the batch's own totals, before any money moves.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="GroupId">The group, matched against each item's <see cref="BatchItem.GroupId"/> (ordinal). Groups declared under one id more than once are checked as one: their declared totals add up.</param>
/// <param name="DeclaredNumberOfTransactions">The group's declared item count, or <see langword="null"/> when it declares none.</param>
/// <param name="DeclaredControlSum">The group's declared control sum (amounts as written, across currencies), or <see langword="null"/> when it declares none.</param>
public sealed record BatchGroupTotals(string GroupId, long? DeclaredNumberOfTransactions, decimal? DeclaredControlSum);
