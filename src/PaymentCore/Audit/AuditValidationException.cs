using PaymentCore.Payments;

namespace PaymentCore.Audit;

/// <summary>
/// An <see cref="AuditEvent"/> broke a rule: a required field is blank, a field is too long or holds control
/// characters, or a field holds what looks like a card number. Nothing was written.
/// </summary>
/// <remarks>The message names the field and the rule and never quotes the value. Immutable once thrown.</remarks>
public sealed class AuditValidationException : ArgumentException
{
    /// <summary>Creates the exception for one broken rule.</summary>
    /// <param name="error">The broken rule.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public AuditValidationException(ValidationError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString(), error.Field)
    {
        Error = error;
    }

    /// <summary>Gets the broken rule.</summary>
    public ValidationError Error { get; }

    /// <summary>Gets the invalid field, such as <c>Actor</c>.</summary>
    public string Field => Error.Field;

    /// <summary>Gets the rule the field broke, one of <see cref="ValidationRules"/>.</summary>
    public string Rule => Error.Rule;
}
