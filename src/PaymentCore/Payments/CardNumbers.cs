namespace PaymentCore;

/// <summary>Recognises primary account numbers, so that none slips into a record (PCI DSS 3.3 and 3.4).</summary>
internal static class CardNumbers
{
    /// <summary>True when <paramref name="text"/> is 12 to 19 ASCII digits that pass the Luhn (mod 10) check.</summary>
    public static bool IsCardNumber(ReadOnlySpan<char> text)
    {
        if (text.Length is < 12 or > 19)
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            var d = c - '0';
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

    /// <summary>
    /// True when <paramref name="text"/> contains a card number written as one: 13 to 19 digits, optionally
    /// grouped by single spaces or dashes ("4242 4242 4242 4242"), standing alone as a word and passing Luhn.
    /// </summary>
    /// <remarks>
    /// A run glued to letters is an account number, not a card: an IBAN's digits follow its country code
    /// (NO93 8601 1117 947), and about one digit string in ten passes Luhn, so testing such runs would refuse
    /// one legitimate IBAN payee in ten. A run longer than 19 digits is not a card number either.
    /// </remarks>
    public static bool ContainsCardNumber(ReadOnlySpan<char> text)
    {
        Span<char> digits = stackalloc char[19];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var standsAlone = i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]);
            var count = 0;
            var j = i;
            while (j < text.Length)
            {
                if (char.IsAsciiDigit(text[j]))
                {
                    if (count < digits.Length)
                    {
                        digits[count] = text[j];
                    }

                    count++;
                    j++;
                }
                else if (text[j] is ' ' or '-' && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))
                {
                    j++; // a single separator between digit groups
                }
                else
                {
                    break;
                }
            }

            standsAlone &= j == text.Length || !char.IsAsciiLetter(text[j]);
            if (standsAlone && count is >= 13 and <= 19 && IsCardNumber(digits[..count]))
            {
                return true;
            }

            i = j;
        }

        return false;
    }
}
