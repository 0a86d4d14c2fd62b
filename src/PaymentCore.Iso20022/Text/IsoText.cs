using System.Globalization;
using System.Text;

namespace PaymentCore.Iso20022.Text;

/// <summary>
/// The ISO 20022 text types a payment file's fields are declared with, checked before anything is paid so that
/// whatever is paid can always be reported back in a schema-valid pain.002.
/// </summary>
/// <remarks>
/// ISO 20022 <c>Max35Text</c>, <c>Max140Text</c> and their kin are <c>xs:string</c> with a minimum length of 1 and a
/// maximum length counted in characters (Unicode code points, not UTF-16 units). Their character set is that of
/// XML 1.0: control characters other than tab, line feed and carriage return cannot be written at all, so an id
/// holding one (possible in a CSV file) could be paid and then never reported. Identifiers are stricter here: an id
/// with any control character (tab and line breaks included) is refused, because banks compare ids as opaque strings
/// and a line break in one does not survive their systems.
/// </remarks>
internal static class IsoText
{
    /// <summary>ISO 20022 Max35Text: message, block, instruction and end-to-end ids.</summary>
    public const int Max35 = 35;

    /// <summary>ISO 20022 Max140Text: names and each unstructured remittance line.</summary>
    public const int Max140 = 140;

    /// <summary>Checks an identifier (Max35Text): 1 to <paramref name="maxLength"/> characters, no control character.</summary>
    /// <returns><see langword="null"/> when valid; otherwise a sentence naming the field and the rule.</returns>
    public static string? CheckIdentifier(string? value, string field, int maxLength = Max35) =>
        Check(value, field, maxLength, allowLineBreaks: false);

    /// <summary>Checks free text (Max140Text and the like): 1 to <paramref name="maxLength"/> characters of the XML 1.0 character set.</summary>
    /// <returns><see langword="null"/> when valid; otherwise a sentence naming the field and the rule.</returns>
    public static string? CheckText(string? value, string field, int maxLength = Max140) =>
        Check(value, field, maxLength, allowLineBreaks: true);

    private static string? Check(string? value, string field, int maxLength, bool allowLineBreaks)
    {
        string type = string.Create(CultureInfo.InvariantCulture, $"Max{maxLength}Text");

        if (string.IsNullOrEmpty(value))
        {
            return $"{field} is empty; ISO 20022 {type} needs at least 1 character.";
        }

        int length = 0;
        int index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(index), out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{field} has an unpaired surrogate at character {length + 1}; it is not valid Unicode text.");
            }

            if (!IsAllowed(rune, allowLineBreaks))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{field} has the control character U+{rune.Value:X4} at character {length + 1}; ISO 20022 {type} does not allow it.");
            }

            length++;
            index += consumed;
            if (length > maxLength)
            {
                int total = CountRunes(value);
                return string.Create(CultureInfo.InvariantCulture, $"{field} has {total} characters; ISO 20022 {type} allows at most {maxLength}.");
            }
        }

        return null;
    }

    private static bool IsAllowed(Rune rune, bool allowLineBreaks)
    {
        int v = rune.Value;
        if (v is '\t' or '\n' or '\r')
        {
            return allowLineBreaks;
        }

        // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; C1 controls and
        // DEL are legal XML but never legitimate in a payment text, and a terminal escape hides in them.
        return v is >= 0x20 and < 0x7F or >= 0xA0 and <= 0xD7FF or >= 0xE000 and <= 0xFFFD or >= 0x10000;
    }

    private static int CountRunes(string value)
    {
        int count = 0;
        foreach (Rune _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
