namespace PaymentCore.Ach.Records;

/// <summary>One batch of a NACHA file: its header, entries and declared control totals.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Header">The batch header (type 5).</param>
/// <param name="Entries">The entries (type 6) with their addenda, in file order.</param>
/// <param name="EntryAddendaCount">The batch control's declared entry and addenda count (positions 5-10), checked.</param>
/// <param name="EntryHash">The batch control's entry hash (positions 11-20), checked.</param>
/// <param name="TotalDebitCents">The batch control's total debits (positions 21-32), checked.</param>
/// <param name="TotalCreditCents">The batch control's total credits (positions 33-44), checked.</param>
public sealed record AchBatch(AchBatchHeader Header, IReadOnlyList<AchEntry> Entries, long EntryAddendaCount, long EntryHash, long TotalDebitCents, long TotalCreditCents);
