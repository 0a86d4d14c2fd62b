namespace PaymentCore.Payments;

/// <summary>The names of the validation rules that <see cref="ValidationError.Rule"/> reports.</summary>
public static class ValidationRules
{
    /// <summary>The field must be present and not blank.</summary>
    public const string Required = "required";

    /// <summary>The value does not have the required format (a BIC, for example).</summary>
    public const string Format = "format";

    /// <summary>The field is longer than allowed.</summary>
    public const string MaximumLength = "max_length";

    /// <summary>The field is shorter than allowed.</summary>
    public const string MinimumLength = "min_length";

    /// <summary>The field contains control characters.</summary>
    public const string NoControlCharacters = "no_control_characters";

    /// <summary>The amount must be greater than zero.</summary>
    public const string Positive = "positive";

    /// <summary>The amount has no currency.</summary>
    public const string Currency = "currency";

    /// <summary>The value is not one of the defined values of its enumeration.</summary>
    public const string Defined = "defined";

    /// <summary>The field must be exactly so many digits.</summary>
    public const string Digits = "digits";

    /// <summary>A full card number where none may be (PCI DSS 3.3, 3.4).</summary>
    public const string NoCardNumber = "no_card_number";

    /// <summary>The text is not a valid card number.</summary>
    public const string CardNumber = "card_number";

    /// <summary>Too many entries.</summary>
    public const string MaximumCount = "max_count";

    /// <summary>The amount is not a multiple of the smallest unit the authorizer accepts for its currency.</summary>
    public const string AuthorizerGranularity = "authorizer_granularity";

    /// <summary>The amount exceeds what is left to capture or refund.</summary>
    public const string WithinRemaining = "within_remaining";

    /// <summary>The currency differs from the transaction's.</summary>
    public const string SameCurrency = "same_currency";

    /// <summary>A card verification code (CVV2, CVC2, CID) where none may be (PCI DSS 3.3.1).</summary>
    public const string NoVerificationCode = "no_verification_code";

    /// <summary>The text is not well-formed UTF-16: it holds an unpaired surrogate.</summary>
    public const string WellFormedText = "well_formed_text";

    /// <summary>The identifier contains bidirectional control characters.</summary>
    public const string NoBidiControls = "no_bidi_controls";

    /// <summary>The identifier contains invisible format characters (zero-width spaces, joiners, byte order marks).</summary>
    public const string NoInvisibleCharacters = "no_invisible_characters";

    /// <summary>Arithmetic on the value would overflow: the amount is too large for the rule or operation.</summary>
    public const string WithinRange = "within_range";
}
