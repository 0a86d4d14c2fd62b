namespace PaymentCore.Ach.Records;

/// <summary>An entry detail record (type 6) and its addenda.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record AchEntry
{
    /// <summary>Gets the transaction code (positions 2-3), such as 22 (checking credit) or 27 (checking debit).</summary>
    /// <value>Two digits.</value>
    public required int TransactionCode { get; init; }

    /// <summary>Gets the receiving DFI's routing number: positions 4-11 and the check digit at 12.</summary>
    /// <value>9 digits; the check digit is verified.</value>
    public required string RdfiRoutingNumber { get; init; }

    /// <summary>Gets the receiver's account number (positions 13-29; for IAT the foreign receiver's account, 40-74), trimmed.</summary>
    /// <value>Never empty.</value>
    public required string AccountNumber { get; init; }

    /// <summary>Gets the amount in cents (positions 30-39).</summary>
    /// <value>Zero or more.</value>
    public required long AmountCents { get; init; }

    /// <summary>Gets the identification number (positions 40-54), trimmed; empty for IAT.</summary>
    /// <value>May be empty.</value>
    public required string IdentificationNumber { get; init; }

    /// <summary>Gets the receiver's name: positions 55-76 (PPD, WEB, TEL, CCD), 59-74 (CTX), or the IAT addenda 10 name.</summary>
    /// <value>Trimmed; may be empty.</value>
    public required string ReceiverName { get; init; }

    /// <summary>Gets the trace number (positions 80-94): the ODFI's 8 digits and a 7-digit sequence, unique in the file.</summary>
    /// <value>15 digits.</value>
    public required string TraceNumber { get; init; }

    /// <summary>Gets the addenda records that follow the entry.</summary>
    /// <value>Empty when the addenda record indicator is 0.</value>
    public IReadOnlyList<AchAddenda> Addenda { get; init; } = [];

    /// <summary>Gets the line the entry is on.</summary>
    /// <value>From 1.</value>
    public required int LineNumber { get; init; }

    /// <summary>Gets whether the entry moves money to the receiver (a credit: transaction codes 2x, 3x, 4x, 5x ending in 2, 3 or 4).</summary>
    /// <value><see langword="true"/> for credits, prenotes of credits included.</value>
    public bool IsCredit => AchTransactionCodes.IsCredit(TransactionCode);

    /// <summary>Gets whether the entry is a prenotification or zero-dollar entry (codes ending in 3 or 4, 8 or 9): no money moves.</summary>
    /// <value><see langword="true"/> for prenotes and zero-dollar entries.</value>
    public bool IsNonMonetary => AchTransactionCodes.IsNonMonetary(TransactionCode);

    /// <summary>Gets the free text of the entry's type 05 addenda, joined with spaces.</summary>
    /// <value><see langword="null"/> when it has none.</value>
    public string? RemittanceInformation => Addenda.Any(a => a.TypeCode == "05")
        ? string.Join(" ", Addenda.Where(a => a.TypeCode == "05").Select(a => a.Information).Where(t => t.Length > 0))
        : null;
}
