namespace PaymentCore.Payments;

/// <summary>
/// A request broke one or more validation rules. Nothing was authorized, charged or stored.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class PaymentValidationException : ArgumentException
{
    /// <summary>Creates the exception for one or more broken rules.</summary>
    /// <param name="errors">The broken rules; at least one.</param>
    public PaymentValidationException(IReadOnlyList<ValidationError> errors)
        : base(BuildMessage(errors), errors is { Count: > 0 } ? errors[0].Field : null)
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for one broken rule.</summary>
    /// <param name="error">The broken rule.</param>
    public PaymentValidationException(ValidationError error)
        : this([error])
    {
    }

    /// <summary>Gets every broken rule, in field order.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Gets the first invalid field.</summary>
    public string Field => Errors[0].Field;

    /// <summary>Gets the rule the first invalid field broke.</summary>
    public string Rule => Errors[0].Rule;

    private static string BuildMessage(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one validation error is required.", nameof(errors));
        }

        return errors.Count == 1
            ? "Invalid payment request: " + errors[0]
            : $"Invalid payment request ({errors.Count} errors): " + string.Join("; ", errors);
    }
}
