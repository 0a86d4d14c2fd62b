using System.Globalization;
using System.Text;

namespace PaymentCore.DataProtection;

/// <summary>How the card-data scan reads one character, after normalization.</summary>
internal enum TextCharKind
{
    /// <summary>A digit in any script or form (ASCII, full-width, Arabic-Indic, mathematical, superscript).</summary>
    Digit,

    /// <summary>Joins digit groups into one run: spaces of every kind, punctuation, symbols, controls.</summary>
    Separator,

    /// <summary>Ends a run: letters, and numbers that are not single digits.</summary>
    Break,

    /// <summary>Ignored as if absent: zero-width and other format characters, combining marks.</summary>
    Transparent,
}

/// <summary>Classifies characters for the card-data scan, one Unicode scalar at a time.</summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class TextCharClass
{
    /// <summary>Reads the scalar at <paramref name="index"/>; an unpaired surrogate reads as one separator.</summary>
    /// <returns>The kind, the digit value (for digits) and the number of UTF-16 units consumed.</returns>
    public static TextCharKind Read(ReadOnlySpan<char> text, int index, out int digit, out int consumed)
    {
        digit = -1;
        var c = text[index];
        if (char.IsAsciiDigit(c))
        {
            // The hot path: plain ASCII text never reaches the Unicode tables.
            consumed = 1;
            digit = c - '0';
            return TextCharKind.Digit;
        }

        if (c < 0x80)
        {
            consumed = 1;
            // The separators people write card numbers with (issue 12: spaces, dots, dashes, underscores, slashes, and
            // their neighbours). Colons and plus signs break a run: they join the digits of times and offsets
            // ("15:06:07.1234567+00:00"), which would otherwise read as a Luhn-valid number one time in ten.
            return c is ' ' or '\t' or '\n' or '\r' or '.' or ',' or '-' or '_' or '/' or '\\' or '|' or '*'
                ? TextCharKind.Separator
                : TextCharKind.Break;
        }

        if (Rune.DecodeFromUtf16(text[index..], out var rune, out consumed) != System.Buffers.OperationStatus.Done)
        {
            consumed = 1;
            return TextCharKind.Separator;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.DecimalDigitNumber:
                digit = (int)Rune.GetNumericValue(rune);
                return TextCharKind.Digit;
            case UnicodeCategory.OtherNumber:
                // Superscript and subscript digits (², ₄) read as digits; ½ or ⑩ end the run.
                var value = Rune.GetNumericValue(rune);
                if (value is >= 0 and <= 9 && value == Math.Floor(value))
                {
                    digit = (int)value;
                    return TextCharKind.Digit;
                }

                return TextCharKind.Break;
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
                return TextCharKind.Break;
            case UnicodeCategory.Format:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.SpacingCombiningMark:
                // A zero-width space or a combining mark between two digits must not hide the number.
                return TextCharKind.Transparent;
            default:
                return TextCharKind.Separator;
        }
    }
}
