namespace PaymentCore;

/// <summary>Checks a caller's key for a capture or refund: the same rules as an idempotency key.</summary>
internal static class OperationKeyRules
{
    public static void Check(string? key, string field, bool required)
    {
        if (key is null)
        {
            if (required)
            {
                throw new PaymentValidationException(new ValidationError(field, ValidationRules.Required, $"A {field} of 1 to {PaymentRequestValidator.MaxIdempotencyKeyLength} characters is required."));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > PaymentRequestValidator.MaxIdempotencyKeyLength)
        {
            throw new PaymentValidationException(new ValidationError(
                field,
                string.IsNullOrWhiteSpace(key) ? ValidationRules.Required : ValidationRules.MaximumLength,
                $"A {field} of 1 to {PaymentRequestValidator.MaxIdempotencyKeyLength} characters, not only white space, is required; it has {key.Length}."));
        }

        if (key.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || key.Contains('\u007f', StringComparison.Ordinal))
        {
            throw new PaymentValidationException(new ValidationError(field, ValidationRules.NoControlCharacters, $"The {field} must not contain control characters."));
        }

        if (CardNumbers.ContainsCardNumber(key))
        {
            throw new PaymentValidationException(new ValidationError(field, ValidationRules.NoCardNumber, $"The {field} must not contain a card number."));
        }
    }
}
