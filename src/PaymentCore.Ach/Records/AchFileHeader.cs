namespace PaymentCore.Ach.Records;

/// <summary>The file header record (type 1) of a NACHA file.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="ImmediateDestination">Positions 4-13: the receiving point's routing number, trimmed (9 digits).</param>
/// <param name="ImmediateOrigin">Positions 14-23: the sender's identification, trimmed (usually 9 or 10 digits).</param>
/// <param name="CreationDate">Positions 24-29 (YYMMDD).</param>
/// <param name="CreationTime">Positions 30-33 (HHMM), when given.</param>
/// <param name="FileIdModifier">Position 34: tells apart files created on the same date (A-Z, 0-9).</param>
/// <param name="ImmediateDestinationName">Positions 41-63, trimmed.</param>
/// <param name="ImmediateOriginName">Positions 64-86, trimmed.</param>
/// <param name="ReferenceCode">Positions 87-94, trimmed.</param>
public sealed record AchFileHeader(
    string ImmediateDestination,
    string ImmediateOrigin,
    DateOnly CreationDate,
    TimeOnly? CreationTime,
    char FileIdModifier,
    string ImmediateDestinationName,
    string ImmediateOriginName,
    string ReferenceCode);
