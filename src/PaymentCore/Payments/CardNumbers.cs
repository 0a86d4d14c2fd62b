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

    /// <summary>True when <paramref name="text"/> contains a run of 12 to 19 digits that passes the Luhn check.</summary>
    public static bool ContainsCardNumber(ReadOnlySpan<char> text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isDigit = i < text.Length && char.IsAsciiDigit(text[i]);
            if (isDigit && start < 0)
            {
                start = i;
            }
            else if (!isDigit && start >= 0)
            {
                var run = text[start..i];
                // A longer run may hide a card number inside it: look at every window of a valid length.
                for (var len = 12; len <= Math.Min(19, run.Length); len++)
                {
                    for (var s = 0; s + len <= run.Length; s++)
                    {
                        if (IsCardNumber(run.Slice(s, len)))
                        {
                            return true;
                        }
                    }
                }

                start = -1;
            }
        }

        return false;
    }
}
