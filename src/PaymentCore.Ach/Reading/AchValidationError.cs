namespace PaymentCore.Ach.Reading;

/// <summary>One rule a NACHA file breaks: where, which field, what the file declares and what the records add up to.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="LineNumber">The 1-based line of the record.</param>
/// <param name="Field">The record and field, with its positions, such as <c>Batch control entry hash (11-20)</c>.</param>
/// <param name="Declared">The value the file has, quoted short; <see langword="null"/> when the field is missing.</param>
/// <param name="Computed">The value it must have or the records add up to, when one can be computed.</param>
/// <param name="Problem">The rule, for people.</param>
public sealed record AchValidationError(int LineNumber, string Field, string? Declared, string? Computed, string Problem)
{
    /// <summary>Describes the error with its line, field, declared and computed values.</summary>
    /// <returns>One line for people.</returns>
    public override string ToString() =>
        $"Line {LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {Field}: {Problem}"
        + (Declared is null ? string.Empty : $" Declared: '{Declared}'.")
        + (Computed is null ? string.Empty : $" Computed: '{Computed}'.");
}
