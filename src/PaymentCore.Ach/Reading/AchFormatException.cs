using System.Globalization;

namespace PaymentCore.Ach.Reading;

/// <summary>A NACHA file that breaks the format or its control totals; nothing of it may be paid.</summary>
/// <remarks>Thread safety: immutable after construction.</remarks>
public sealed class AchFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="AchFormatException"/> class.</summary>
    /// <param name="errors">Every rule the file breaks, in line order; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public AchFormatException(IReadOnlyList<AchValidationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets every rule the file breaks, in line order (the reader stops at the first error it cannot read past).</summary>
    /// <value>At least one.</value>
    public IReadOnlyList<AchValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<AchValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("An ACH format exception needs at least one error.", nameof(errors));
        }

        return errors.Count == 1
            ? "The ACH file is invalid: " + errors[0]
            : string.Create(CultureInfo.InvariantCulture, $"The ACH file is invalid ({errors.Count} errors); the first: {errors[0]}");
    }
}
