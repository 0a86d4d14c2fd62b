namespace PaymentCore.Ach.Records;

/// <summary>A NACHA ACH file read and validated: its header, batches and declared file totals.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Header">The file header (type 1).</param>
/// <param name="Batches">The batches, in file order (batch numbers ascending).</param>
/// <param name="BlockCount">The file control's declared block count (positions 8-13).</param>
/// <param name="EntryAddendaCount">The file control's declared entry and addenda count (positions 14-21).</param>
/// <param name="EntryHash">The file control's entry hash (positions 22-31).</param>
/// <param name="TotalDebitCents">The file control's total debits (positions 32-43).</param>
/// <param name="TotalCreditCents">The file control's total credits (positions 44-55).</param>
public sealed record AchFile(AchFileHeader Header, IReadOnlyList<AchBatch> Batches, long BlockCount, long EntryAddendaCount, long EntryHash, long TotalDebitCents, long TotalCreditCents)
{
    /// <summary>Gets the number of entry records in the file.</summary>
    /// <value>Addenda not counted.</value>
    public long EntryCount => Batches.Sum(b => (long)b.Entries.Count);
}
