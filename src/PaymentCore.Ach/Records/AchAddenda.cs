namespace PaymentCore.Ach.Records;

/// <summary>An addenda record (type 7) of an entry.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="TypeCode">Positions 2-3: 05 for PPD, CCD, CTX and WEB remittance; 10 to 18 for IAT; 98 and 99 for notifications of change and returns.</param>
/// <param name="Information">Positions 4-83 (types 05, 98, 99) or 4-87 (IAT), trimmed: the payment-related information.</param>
/// <param name="SequenceNumber">Positions 84-87 for type 05: 1, 2, ... within the entry; 0 when the type has none.</param>
/// <param name="LineNumber">The line the record is on.</param>
public sealed record AchAddenda(string TypeCode, string Information, int SequenceNumber, int LineNumber);
