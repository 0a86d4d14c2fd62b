namespace PaymentCore.Ach.Records;

/// <summary>A company/batch header record (type 5).</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record AchBatchHeader
{
    /// <summary>Gets the service class code (positions 2-4): 200 mixed, 220 credits only, 225 debits only.</summary>
    /// <value>200, 220 or 225.</value>
    public required int ServiceClassCode { get; init; }

    /// <summary>Gets the company name (positions 5-20), trimmed; for IAT, the IAT indicator field.</summary>
    /// <value>The originator's name.</value>
    public required string CompanyName { get; init; }

    /// <summary>Gets the company identification (positions 41-50), trimmed; for IAT, the originator identification.</summary>
    /// <value>Usually a 1 followed by the EIN.</value>
    public required string CompanyIdentification { get; init; }

    /// <summary>Gets the Standard Entry Class code (positions 51-53).</summary>
    /// <value>PPD, CCD, CTX, WEB, TEL or IAT.</value>
    public required AchSecCode SecCode { get; init; }

    /// <summary>Gets the company entry description (positions 54-63), trimmed, such as PAYROLL.</summary>
    /// <value>Shown on the receiver's statement.</value>
    public required string EntryDescription { get; init; }

    /// <summary>Gets the effective entry date (positions 70-75), when it is a valid date.</summary>
    /// <value><see langword="null"/> when blank.</value>
    public DateOnly? EffectiveEntryDate { get; init; }

    /// <summary>Gets the originating DFI identification (positions 80-87): the first 8 digits of the ODFI's routing number.</summary>
    /// <value>8 digits.</value>
    public required string OriginatingDfi { get; init; }

    /// <summary>Gets the batch number (positions 88-94).</summary>
    /// <value>Ascending within the file.</value>
    public required long BatchNumber { get; init; }

    /// <summary>Gets, for IAT, the ISO 4217 originating currency (positions 64-66).</summary>
    /// <value><see langword="null"/> for other SEC codes.</value>
    public string? OriginatingCurrency { get; init; }

    /// <summary>Gets, for IAT, the ISO 4217 destination currency (positions 67-69).</summary>
    /// <value><see langword="null"/> for other SEC codes.</value>
    public string? DestinationCurrency { get; init; }

    /// <summary>Gets, for IAT, the ISO 3166 destination country (positions 39-40).</summary>
    /// <value><see langword="null"/> for other SEC codes.</value>
    public string? DestinationCountry { get; init; }

    /// <summary>Gets the line the record is on.</summary>
    /// <value>From 1.</value>
    public required int LineNumber { get; init; }
}
