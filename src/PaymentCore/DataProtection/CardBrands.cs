namespace PaymentCore.DataProtection;

/// <summary>
/// Says whether a digit string is a primary account number: 13 to 19 digits that pass the Luhn (mod 10) check, or
/// that fall in a brand's issuer range whose numbers are not all Luhn-valid.
/// </summary>
/// <remarks>
/// Luhn alone misses real cards: the audit of issue 12 found Elo and RuPay numbers that are valid for their brand
/// but fail Luhn, and Braintree's card-validator skips Luhn for UnionPay by default for the same reason. A number
/// in one of these ranges, of its brand's length, is treated as a PAN whatever its check digit: refusing one
/// unusual reference is cheaper than storing one card number (PCI DSS 3.5.1).
/// Sources of the ranges: Wikipedia "Payment card number" (IIN table, checked 2024), braintree/credit-card-type
/// (Elo, RuPay, UnionPay patterns), NPCI RuPay BIN ranges as listed there. Thread-safe: stateless.
/// </remarks>
internal static class CardBrands
{
    // (low, high, prefix digits, min length, max length): numbers whose first `digits` digits lie in [low, high].
    private static readonly (int Low, int High, int Digits, int MinLength, int MaxLength)[] LuhnExempt =
    [
        // UnionPay: 62, 16-19 digits; some issued numbers fail Luhn (Braintree card-validator: luhnValidateUnionPay off by default).
        (62, 62, 2, 16, 19),
        (81, 81, 2, 16, 19),
        // Diners Club enRoute: 2014, 2149, 15 digits, "no validation" in the IIN table.
        (2014, 2014, 4, 15, 15),
        (2149, 2149, 4, 15, 15),
        // RuPay: 60, 65, 81, 82, 508, 353, 356; 16 digits.
        (60, 60, 2, 16, 16),
        (65, 65, 2, 16, 16),
        (82, 82, 2, 16, 16),
        (508, 508, 3, 16, 16),
        (353, 353, 3, 16, 16),
        (356, 356, 3, 16, 16),
        // Elo (Brazil): 16 digits, ranges of braintree/credit-card-type.
        (401178, 401179, 6, 16, 16),
        (431274, 431274, 6, 16, 16),
        (438935, 438935, 6, 16, 16),
        (451416, 451416, 6, 16, 16),
        (457393, 457393, 6, 16, 16),
        (457631, 457632, 6, 16, 16),
        (504175, 504175, 6, 16, 16),
        (506699, 506778, 6, 16, 16),
        (509000, 509999, 6, 16, 16),
        (627780, 627780, 6, 16, 16),
        (636297, 636297, 6, 16, 16),
        (636368, 636368, 6, 16, 16),
        (650031, 650033, 6, 16, 16),
        (650035, 650051, 6, 16, 16),
        (650405, 650439, 6, 16, 16),
        (650485, 650538, 6, 16, 16),
        (650541, 650598, 6, 16, 16),
        (650700, 650718, 6, 16, 16),
        (650720, 650727, 6, 16, 16),
        (650901, 650978, 6, 16, 16),
        (651652, 651679, 6, 16, 16),
        (655000, 655019, 6, 16, 16),
        (655021, 655058, 6, 16, 16),
    ];

    /// <summary>True when <paramref name="digits"/> (values 0-9, one per element) is a PAN of 13 to 19 digits.</summary>
    public static bool IsPan(ReadOnlySpan<byte> digits) =>
        digits.Length is >= 13 and <= 19 && (PassesLuhn(digits) || InLuhnExemptRange(digits));

    /// <summary>
    /// True when a 12-digit string could be a card: Luhn-valid and in Maestro's ranges (50, 56-69), the one brand
    /// that issued 12-digit numbers. Other 12-digit strings (phone numbers with a country code, order numbers) are
    /// not searched for, or one in ten of them would be refused.
    /// </summary>
    public static bool IsTwelveDigitMaestro(ReadOnlySpan<byte> digits) =>
        digits.Length == 12 && (digits[0] == 5 && digits[1] == 0 || digits[0] == 5 && digits[1] >= 6 || digits[0] == 6) && PassesLuhn(digits);

    /// <summary>True when the string passes the Luhn (mod 10) check of ISO/IEC 7812-1 annex B.</summary>
    public static bool PassesLuhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i];
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>True when the string lies in a brand range that does not require Luhn, at that brand's length.</summary>
    public static bool InLuhnExemptRange(ReadOnlySpan<byte> digits)
    {
        foreach (var (low, high, count, min, max) in LuhnExempt)
        {
            if (digits.Length < min || digits.Length > max)
            {
                continue;
            }

            var prefix = 0;
            for (var i = 0; i < count; i++)
            {
                prefix = (prefix * 10) + digits[i];
            }

            if (prefix >= low && prefix <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Converts ASCII digits to values; false when any character is not an ASCII digit.</summary>
    public static bool TryParseAsciiDigits(ReadOnlySpan<char> text, Span<byte> digits)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            digits[i] = (byte)(c - '0');
        }

        return true;
    }
}
