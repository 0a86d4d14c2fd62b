using PaymentCore.Payments;

namespace PaymentCore.DataProtection;

/// <summary>
/// The checks every piece of caller text passes before PaymentCore keeps it: identifiers (keys, ids, tokens,
/// accounts) and free text (descriptions, metadata values, remittance). Batch and CSV readers call the same
/// checks as the request validator, so no path is weaker than another.
/// </summary>
/// <remarks>
/// <para>Identifiers are refused when blank or made only of invisible characters, too long, not well-formed
/// UTF-16 (an unpaired surrogate: <c>"k\uD800"</c> and <c>"k\uDBFF"</c> would encode to the same bytes and the
/// same transaction id), or when they hold C0 or C1 control characters, bidirectional controls (text that
/// displays differently from what it is) or other invisible format characters, or card data.</para>
/// <para>Free text is refused when not well-formed UTF-16, when it holds control characters other than tab, line
/// feed and carriage return, or card data.</para>
/// <para>Messages name the field and the rule, never the value. Thread-safe: stateless.</para>
/// </remarks>
public static class CallerText
{
    /// <summary>Checks an identifier: an idempotency key, merchant id, token, account, brand or metadata key.</summary>
    /// <param name="field">The field's name, as the error will report it.</param>
    /// <param name="value">The value.</param>
    /// <param name="maxLength">The most UTF-16 code units allowed.</param>
    /// <returns>The first broken rule, or <see langword="null"/> when the value is a valid identifier.</returns>
    public static ValidationError? CheckIdentifier(string field, string? value, int maxLength)
    {
        if (value is null || IsBlank(value))
        {
            return new ValidationError(field, ValidationRules.Required, $"{field} is required and must not be blank or only invisible characters.");
        }

        if (value.Length > maxLength)
        {
            return new ValidationError(field, ValidationRules.MaximumLength, $"{field} is {value.Length} characters; at most {maxLength} are allowed.");
        }

        // Card data first: it is the refusal the caller most needs to hear about.
        return CheckCardData(field, value) ?? CheckCharacters(field, value, identifier: true);
    }

    /// <summary>Checks free text: a description, a metadata value, remittance information. Length is the caller's rule.</summary>
    /// <param name="field">The field's name, as the error will report it.</param>
    /// <param name="value">The value; <see langword="null"/> passes (optional fields).</param>
    /// <returns>The first broken rule, or <see langword="null"/>.</returns>
    public static ValidationError? CheckFreeText(string field, string? value) =>
        value is null ? null : CheckCardData(field, value) ?? CheckCharacters(field, value, identifier: false);

    /// <summary>Checks a value for card data only (see <see cref="CardDataDetector"/>).</summary>
    /// <param name="field">The field's name, as the error will report it.</param>
    /// <param name="value">The value.</param>
    /// <param name="name">The value's own name when it has one (a metadata key, a CSV column), so a 3 or 4 digit value under <c>cvv</c> is found.</param>
    /// <returns>A <see cref="ValidationRules.NoCardNumber"/> or <see cref="ValidationRules.NoVerificationCode"/> error, or <see langword="null"/>.</returns>
    public static ValidationError? CheckCardData(string field, ReadOnlySpan<char> value, ReadOnlySpan<char> name = default) =>
        CardDataDetector.FindInField(name, value) switch
        {
            CardDataKind.CardNumber => new ValidationError(field, ValidationRules.NoCardNumber, $"{field} must not contain a card number; tokenize cards with PaymentInstrument.FromCardNumber (PCI DSS 3.4.1)."),
            CardDataKind.VerificationCode => new ValidationError(field, ValidationRules.NoVerificationCode, $"{field} must not contain a card verification code; it goes to the authorizer only and is never stored (PCI DSS 3.3.1)."),
            _ => null,
        };

    /// <summary>True when <paramref name="value"/> is well-formed UTF-16: every surrogate is part of a pair.</summary>
    /// <param name="value">The text.</param>
    /// <returns><see langword="true"/> when no surrogate is unpaired.</returns>
    public static bool IsWellFormedUtf16(ReadOnlySpan<char> value)
    {
        var i = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static ValidationError? CheckCharacters(string field, string value, bool identifier)
    {
        if (!IsWellFormedUtf16(value))
        {
            return new ValidationError(field, ValidationRules.WellFormedText, $"{field} is not well-formed UTF-16: it holds an unpaired surrogate.");
        }

        foreach (var c in value)
        {
            if (IsControl(c) && (identifier || c is not ('\t' or '\n' or '\r')))
            {
                return new ValidationError(field, ValidationRules.NoControlCharacters, identifier
                    ? $"{field} must not contain control characters."
                    : $"{field} must not contain control characters other than tab and newline.");
            }

            if (identifier && IsBidiControl(c))
            {
                return new ValidationError(field, ValidationRules.NoBidiControls, $"{field} must not contain bidirectional control characters.");
            }

            if (identifier && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                return new ValidationError(field, ValidationRules.NoInvisibleCharacters, $"{field} must not contain invisible format characters (zero-width spaces, joiners, byte order marks).");
            }
        }

        return null;
    }

    // C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F): U+0085 and U+009B pass a C0-only check.
    private static bool IsControl(char c) => c < '\u0020' || c is >= '\u007f' and <= '\u009f';

    // Unicode bidirectional formatting characters (UAX #9): ALM, LRM, RLM, embeddings, overrides, isolates.
    private static bool IsBidiControl(char c) => c is '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    private static bool IsBlank(string value)
    {
        foreach (var c in value)
        {
            if (!IsInvisible(c))
            {
                return false;
            }
        }

        return true;
    }

    // White space, format characters (zero-width space, joiners, BOM), lone combining marks, and the fillers that
    // render as nothing (Hangul fillers, braille blank).
    private static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c)
        || c is '\u115f' or '\u1160' or '\u3164' or '\uffa0' or '\u2800'
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.EnclosingMark
            or System.Globalization.UnicodeCategory.Control;
}
