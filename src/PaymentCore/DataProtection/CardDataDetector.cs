namespace PaymentCore.DataProtection;

/// <summary>
/// Finds card data in caller text: primary account numbers however they are written, and card verification codes
/// next to a word that names one. Every free-text field of every path (requests, refunds, batch files, CSV) is
/// checked with it, so no card data reaches a record, a log line or an event (PCI DSS v4 3.3.1, 3.4.1, 3.5.1).
/// </summary>
/// <remarks>
/// <para>
/// The text is normalized as it is scanned, allocating nothing: digits of every script and form count as digits
/// (full-width <c>４２</c>, Arabic-Indic <c>٤٢</c>, mathematical, superscript); spaces of every kind, dots, dashes,
/// underscores, slashes and every other punctuation or symbol join digit groups into one run; zero-width and other
/// format characters are ignored; letters end a run, so digits glued to a word (<c>card4242…</c>) are still found.
/// </para>
/// <para>
/// In each run, every sequence of whole digit groups of 13 to 19 digits is a candidate, a PAN when it passes Luhn
/// or lies in a brand range that does not use Luhn (Elo, RuPay, UnionPay, enRoute). Twelve-digit candidates count
/// only in Maestro's ranges. A single group of more than 19 digits is not a card number (account numbers,
/// references). A complete valid IBAN is stepped over: it is an account, not a card.
/// </para>
/// <para>Thread-safe: stateless.</para>
/// </remarks>
public static class CardDataDetector
{
    private const int MaxPanDigits = 19;

    // Words that name a card verification code on their own (CVV2 Visa, CVC2 Mastercard, CVN, CVD Discover,
    // CSC generic, CAV2 JCB) and compounds as field names write them. "CID" (Amex) is left out: as a field name it
    // far more often means a customer or correlation id, and refusing those would break callers.
    private static readonly string[] CodeWords =
    [
        "cvv", "cvc", "cvn", "cvd", "csc", "cav", "cvv2", "cvc2", "cvn2", "cav2",
        "securitycode", "cardcode", "verificationcode", "verificationvalue", "cardsecuritycode",
        "cardverificationcode", "cardverificationvalue",
    ];

    // Two consecutive words that name one: "security code", "card code" (Authorize.Net's cardCode), "verification value".
    private static readonly (string First, string Second)[] CodePhrases =
    [
        ("security", "code"), ("card", "code"), ("verification", "code"), ("verification", "value"), ("verification", "number"),
    ];

    // Words that may stand between the name and the code: "security code is 123", "CVV no. 123".
    private static readonly string[] FillerWords = ["is", "no", "nr", "num", "number", "code", "value", "of", "equals"];

    /// <summary>Finds the first kind of card data in <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see cref="CardDataKind.CardNumber"/>, <see cref="CardDataKind.VerificationCode"/> or <see cref="CardDataKind.None"/>.</returns>
    public static CardDataKind Find(ReadOnlySpan<char> text) =>
        ContainsCardNumber(text) ? CardDataKind.CardNumber
        : ContainsVerificationCode(text) ? CardDataKind.VerificationCode
        : CardDataKind.None;

    /// <summary>
    /// Finds card data in a named value, such as a metadata entry or a CSV column: a card number in the name or
    /// the value, a verification code written out in the value, or a 3 or 4 digit value under a name that means a
    /// verification code (<c>cvv</c>, <c>card_cvc</c>, <c>securityCode</c>).
    /// </summary>
    /// <param name="name">The field's name.</param>
    /// <param name="value">The field's value.</param>
    /// <returns>The kind of card data found.</returns>
    public static CardDataKind FindInField(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        var found = Find(value);
        if (found != CardDataKind.None)
        {
            return found;
        }

        if (ContainsCardNumber(name))
        {
            return CardDataKind.CardNumber;
        }

        return IsVerificationCodeName(name) && ContainsShortCode(value) ? CardDataKind.VerificationCode : CardDataKind.None;
    }

    /// <summary>True when <paramref name="name"/> names a card verification code (<c>cvv</c>, <c>CVC2</c>, <c>card_cvv</c>, <c>securityCode</c>).</summary>
    /// <param name="name">A field name, in any case, with any separators or camel case.</param>
    /// <returns><see langword="true"/> when one of its words, or two consecutive words, mean a verification code.</returns>
    public static bool IsVerificationCodeName(ReadOnlySpan<char> name)
    {
        Span<Range> words = stackalloc Range[32];
        var count = SplitWords(name, words);
        for (var w = 0; w < count; w++)
        {
            var word = name[words[w]];
            if (IsCodeWord(word) || (w > 0 && IsPhrase(name[words[w - 1]], word)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="text"/> holds a primary account number, written in any of the forms the type documents.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when a card number is found.</returns>
    public static bool ContainsCardNumber(ReadOnlySpan<char> text)
    {
        // The digits of the current run's recent groups: at most 19 retained (only those can still start a
        // candidate) plus the group being read, which is dropped once longer than 19.
        Span<byte> digits = stackalloc byte[(2 * MaxPanDigits) + 1];
        Span<int> groups = stackalloc int[MaxPanDigits + 1]; // lengths of the retained groups, oldest first
        var groupCount = 0;
        var digitCount = 0; // digits retained, all groups
        var current = 0; // digits in the group being read (may exceed the buffer; then it is too long)

        var i = 0;
        while (i <= text.Length)
        {
            TextCharKind kind;
            var digit = -1;
            var consumed = 1;
            if (i == text.Length)
            {
                kind = TextCharKind.Break;
            }
            else if (char.IsAsciiLetter(text[i]) && IbanSpan.MatchAt(text, i) is var end and > 0)
            {
                // A valid IBAN ends the run and is skipped whole.
                kind = TextCharKind.Break;
                consumed = end - i;
            }
            else
            {
                kind = TextCharClass.Read(text, i, out digit, out consumed);
            }

            switch (kind)
            {
                case TextCharKind.Digit:
                    if (digitCount < digits.Length)
                    {
                        digits[digitCount] = (byte)digit;
                    }

                    digitCount++;
                    current++;
                    break;
                case TextCharKind.Transparent:
                    break;
                default:
                    if (current > 0)
                    {
                        if (CloseGroup(digits, groups, ref groupCount, ref digitCount, current))
                        {
                            return true;
                        }

                        current = 0;
                    }

                    if (kind == TextCharKind.Break)
                    {
                        groupCount = 0;
                        digitCount = 0;
                    }

                    break;
            }

            i += consumed;
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="text"/> writes out a verification code: a word that names one followed, within a
    /// few separators and an optional word such as "is", by a group of 3 or 4 digits (<c>CVV: 123</c>, <c>cvc2=737</c>,
    /// <c>security code is 4567</c>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when a verification code is found.</returns>
    public static bool ContainsVerificationCode(ReadOnlySpan<char> text)
    {
        var previousStart = -1;
        var previousEnd = -1;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiLetter(text[i]))
            {
                if (TextCharClass.Read(text, i, out _, out var consumed) != TextCharKind.Separator)
                {
                    previousStart = -1; // a digit or another script's letter breaks a phrase
                }

                i += consumed;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var word = text[start..i];
            var named = IsCodeWord(word) || (previousStart >= 0 && IsPhrase(text[previousStart..previousEnd], word));
            if (named)
            {
                var after = i;
                if (after < text.Length && text[after] == '2' && (after + 1 == text.Length || !char.IsAsciiDigit(text[after + 1])))
                {
                    after++; // cvv2, cvc2
                }

                if (CodeFollows(text, after))
                {
                    return true;
                }
            }

            previousStart = start;
            previousEnd = i;
        }

        return false;
    }

    /// <summary>True when the value holds a group of exactly 3 or 4 digits, in any script, standing alone.</summary>
    private static bool ContainsShortCode(ReadOnlySpan<char> value)
    {
        var run = 0;
        var i = 0;
        while (i < value.Length)
        {
            var kind = TextCharClass.Read(value, i, out _, out var consumed);
            if (kind == TextCharKind.Digit)
            {
                run++;
            }
            else if (kind != TextCharKind.Transparent)
            {
                if (run is 3 or 4)
                {
                    return true;
                }

                run = 0;
            }

            i += consumed;
        }

        return run is 3 or 4;
    }

    /// <summary>After a name: up to 8 separators, an optional filler word, up to 8 more, then 3 or 4 digits that end there.</summary>
    private static bool CodeFollows(ReadOnlySpan<char> text, int index)
    {
        var i = SkipSeparators(text, index, 8);
        if (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            var start = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            if (!IsOneOf(text[start..i], FillerWords))
            {
                return false;
            }

            i = SkipSeparators(text, i, 8);
        }

        var count = 0;
        while (i < text.Length)
        {
            var kind = TextCharClass.Read(text, i, out _, out var consumed);
            if (kind == TextCharKind.Digit)
            {
                count++;
            }
            else if (kind != TextCharKind.Transparent)
            {
                break;
            }

            i += consumed;
        }

        return count is 3 or 4;
    }

    private static int SkipSeparators(ReadOnlySpan<char> text, int i, int max)
    {
        var skipped = 0;
        while (i < text.Length && skipped < max)
        {
            var kind = TextCharClass.Read(text, i, out _, out var consumed);
            // Between a code's name and its value people write ':' or '=' too ("CVV: 123", "cvc2=737").
            if (kind is not (TextCharKind.Separator or TextCharKind.Transparent) && text[i] is not (':' or '=' or '#'))
            {
                break;
            }

            i += consumed;
            skipped++;
        }

        return i;
    }

    /// <summary>Adds a finished digit group to the run and tests every candidate that ends with it.</summary>
    private static bool CloseGroup(Span<byte> digits, Span<int> groups, ref int groupCount, ref int digitCount, int length)
    {
        if (length > MaxPanDigits)
        {
            // One group longer than any PAN: nothing before it can join anything after it.
            groupCount = 0;
            digitCount = 0;
            return false;
        }

        groups[groupCount++] = length;
        var total = 0;
        for (var s = groupCount - 1; s >= 0; s--)
        {
            total += groups[s];
            if (total > MaxPanDigits)
            {
                break;
            }

            var candidate = digits.Slice(digitCount - total, total);
            if (total >= 13 ? CardBrands.IsPan(candidate) : CardBrands.IsTwelveDigitMaestro(candidate))
            {
                return true;
            }
        }

        // Drop the oldest groups that can no longer start a candidate (they would make it longer than 19).
        var drop = 0;
        var kept = digitCount;
        while (drop < groupCount && kept > MaxPanDigits)
        {
            kept -= groups[drop++];
        }

        if (drop > 0)
        {
            digits.Slice(digitCount - kept, kept).CopyTo(digits);
            groups.Slice(drop, groupCount - drop).CopyTo(groups);
            groupCount -= drop;
            digitCount = kept;
        }

        return false;
    }

    /// <summary>
    /// Splits a field name into words of ASCII letters and digits at separators and camel-case humps. Digits stay in
    /// their word ("cvv2"), so a random id such as "x5cvcQ" does not read as naming a CVV.
    /// </summary>
    private static int SplitWords(ReadOnlySpan<char> name, Span<Range> words)
    {
        var count = 0;
        var i = 0;
        while (i < name.Length && count < words.Length)
        {
            if (!char.IsAsciiLetterOrDigit(name[i]))
            {
                i++;
                continue;
            }

            var start = i++;
            while (i < name.Length && char.IsAsciiLetterOrDigit(name[i]))
            {
                // A hump: "securityCode" splits before C; "CVVCode" splits before the C followed by lower case.
                var upper = char.IsAsciiLetterUpper(name[i]);
                if (upper && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1]) || (i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1]) && char.IsAsciiLetterUpper(name[i - 1]))))
                {
                    break;
                }

                i++;
            }

            words[count++] = start..i;
        }

        return count;
    }

    private static bool IsCodeWord(ReadOnlySpan<char> word) => IsOneOf(word, CodeWords);

    private static bool IsPhrase(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        foreach (var (a, b) in CodePhrases)
        {
            if (first.Equals(a, StringComparison.OrdinalIgnoreCase) && second.Equals(b, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] list)
    {
        foreach (var candidate in list)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
