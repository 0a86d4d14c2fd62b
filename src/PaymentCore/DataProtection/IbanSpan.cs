using System.Collections.Frozen;

namespace PaymentCore.DataProtection;

/// <summary>
/// Finds a valid IBAN (ISO 13616) starting at a position of a text, so the card-data scan can step over it: the
/// BBAN of many IBANs is a digit string that passes Luhn (FI21 1234 5600 0007 85), and refusing a payee's IBAN as
/// a card number would block legitimate payouts.
/// </summary>
/// <remarks>
/// Only a complete, valid IBAN is exempt: the country's registered length, check digits 02-98 and ISO 7064
/// MOD 97-10. Paper format (single spaces between groups) and lower case are accepted here; the format layer
/// (PaymentCore.Iso20022 <c>Iban</c>) is stricter about what a payment file may hold. The lengths are the SWIFT
/// IBAN registry's, the same table as PaymentCore.Iso20022 (core cannot reference it). Thread-safe: stateless.
/// </remarks>
internal static class IbanSpan
{
    private static readonly FrozenDictionary<int, int> LengthByCountry = new Dictionary<int, int>
    {
        [Key("AD")] = 24, [Key("AE")] = 23, [Key("AL")] = 28, [Key("AT")] = 20, [Key("AZ")] = 28, [Key("BA")] = 20, [Key("BE")] = 16, [Key("BG")] = 22,
        [Key("BH")] = 22, [Key("BI")] = 27, [Key("BR")] = 29, [Key("BY")] = 28, [Key("CH")] = 21, [Key("CR")] = 22, [Key("CY")] = 28, [Key("CZ")] = 24,
        [Key("DE")] = 22, [Key("DJ")] = 27, [Key("DK")] = 18, [Key("DO")] = 28, [Key("EE")] = 20, [Key("EG")] = 29, [Key("ES")] = 24, [Key("FI")] = 18,
        [Key("FK")] = 18, [Key("FO")] = 18, [Key("FR")] = 27, [Key("GB")] = 22, [Key("GE")] = 22, [Key("GI")] = 23, [Key("GL")] = 18, [Key("GR")] = 27,
        [Key("GT")] = 28, [Key("HN")] = 28, [Key("HR")] = 21, [Key("HU")] = 28, [Key("IE")] = 22, [Key("IL")] = 23, [Key("IQ")] = 23, [Key("IS")] = 26,
        [Key("IT")] = 27, [Key("JO")] = 30, [Key("KW")] = 30, [Key("KZ")] = 20, [Key("LB")] = 28, [Key("LC")] = 32, [Key("LI")] = 21, [Key("LT")] = 20,
        [Key("LU")] = 20, [Key("LV")] = 21, [Key("LY")] = 25, [Key("MC")] = 27, [Key("MD")] = 24, [Key("ME")] = 22, [Key("MK")] = 19, [Key("MN")] = 20,
        [Key("MR")] = 27, [Key("MT")] = 31, [Key("MU")] = 30, [Key("NI")] = 28, [Key("NL")] = 18, [Key("NO")] = 15, [Key("OM")] = 23, [Key("PK")] = 24,
        [Key("PL")] = 28, [Key("PS")] = 29, [Key("PT")] = 25, [Key("QA")] = 29, [Key("RO")] = 24, [Key("RS")] = 22, [Key("RU")] = 33, [Key("SA")] = 24,
        [Key("SC")] = 31, [Key("SD")] = 18, [Key("SE")] = 24, [Key("SI")] = 19, [Key("SK")] = 24, [Key("SM")] = 27, [Key("SO")] = 23, [Key("ST")] = 25,
        [Key("SV")] = 28, [Key("TL")] = 23, [Key("TN")] = 24, [Key("TR")] = 26, [Key("UA")] = 29, [Key("VA")] = 22, [Key("VG")] = 24, [Key("XK")] = 20,
        [Key("YE")] = 30,
    }.ToFrozenDictionary();

    /// <summary>
    /// When a valid IBAN starts at <paramref name="start"/> (at a word start) and ends at a word end, returns the
    /// index just past it; otherwise -1.
    /// </summary>
    public static int MatchAt(ReadOnlySpan<char> text, int start)
    {
        if (start + 15 > text.Length
            || !char.IsAsciiLetter(text[start]) || !char.IsAsciiLetter(text[start + 1])
            || (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
            || !LengthByCountry.TryGetValue(Key(text[start], text[start + 1]), out var length))
        {
            return -1;
        }

        Span<char> iban = stackalloc char[34];
        var count = 0;
        var i = start;
        while (count < length && i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                iban[count++] = char.ToUpperInvariant(c);
                i++;
            }
            else if (c == ' ' && count > 0 && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
            {
                i++; // paper format: one space between groups
            }
            else
            {
                return -1;
            }
        }

        if (count != length || (i < text.Length && char.IsAsciiLetterOrDigit(text[i])))
        {
            return -1;
        }

        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return -1;
        }

        var check = ((iban[2] - '0') * 10) + (iban[3] - '0');
        return check is >= 2 and <= 98 && Mod97(iban[..length]) == 1 ? i : -1;
    }

    // ISO 7064 MOD 97-10 over the IBAN rotated by four, letters as 10..35, digit by digit (no big integer).
    private static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }

    private static int Key(string country) => Key(country[0], country[1]);

    private static int Key(char a, char b) => (char.ToUpperInvariant(a) << 8) | char.ToUpperInvariant(b);
}
