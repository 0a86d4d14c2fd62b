using System.Globalization;
using System.Text;
using PaymentCore.Payments;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Processing;

namespace PaymentCore.Tests.DataProtection;

/// <summary>
/// Issue 12's leak-scan corpus, shared by the in-memory scan (LeakScanTests) and the PostgreSQL one (linked into
/// tests/PaymentCore.PostgreSql.Tests): generated card numbers of every brand and length 13-19 (Luhn-failing
/// brand-valid ones included), written in every separator and Unicode form the detector documents, the caller
/// fields to push them through, and a scanner that counts which numbers appear, as digits of any script, in a text.
/// </summary>
internal static class CardCorpus
{
    /// <summary>How many distinct card numbers a scan generates.</summary>
    public const int Cards = 10_000;

    /// <summary>How many request fields <see cref="Put"/> fills (the refund key is pushed separately).</summary>
    public const int RequestFields = 8;

    // (prefix, lengths, Luhn required): the brand table, as card networks issue them.
    public static readonly (string Prefix, int[] Lengths, bool Luhn)[] Brands =
    [
        ("4", [13, 16, 19], true), // Visa
        ("51", [16], true), ("55", [16], true), ("2221", [16], true), ("2720", [16], true), // Mastercard
        ("34", [15], true), ("37", [15], true), // Amex
        ("6011", [16, 19], true), ("65", [16, 19], true), // Discover
        ("3528", [16, 17, 18, 19], true), ("3589", [16, 19], true), // JCB
        ("36", [14, 15, 16, 17, 18, 19], true), // Diners
        ("5018", [13, 14, 15, 16, 17, 18, 19], true), ("6759", [13, 16, 19], true), // Maestro
        ("2200", [16, 17, 18, 19], true), // Mir
        ("62", [16, 17, 18, 19], false), // UnionPay: some fail Luhn
        ("506699", [16], false), ("509000", [16], false), ("636368", [16], false), ("650485", [16], false), // Elo
        ("60", [16], false), ("82", [16], false), ("508", [16], false), // RuPay
        ("2014", [15], false), // enRoute
    ];

    public static readonly Func<string, string>[] Forms =
    [
        p => p,
        p => Group(p, " "),
        p => Group(p, "  "),
        p => Group(p, "."),
        p => Group(p, "-"),
        p => Group(p, "\u2013"),
        p => Group(p, "_"),
        p => Group(p, "/"),
        p => Group(p, "\u00a0"),
        p => Group(p, "\u202f"),
        p => Group(p, "\u200b"),
        p => Group(p, "\t"),
        p => Shift(p, '\uff10'), // full-width
        p => Shift(p, '\u0660'), // Arabic-Indic
        p => Shift(p, '\u0966'), // Devanagari
        p => Group(Shift(p, '\uff10'), "\u3000"),
        p => "card" + p,
        p => "PAN" + p + "x",
        p => "tok_" + p,
        p => Group(p, " - "),
    ];

    public static string Group(string pan, string separator)
    {
        var groups = new List<string>();
        for (var i = 0; i < pan.Length; i += 4)
        {
            groups.Add(pan.Substring(i, Math.Min(4, pan.Length - i)));
        }

        return string.Join(separator, groups);
    }

    public static string Shift(string pan, char zero) => new([.. pan.Select(c => (char)(zero + (c - '0')))]);

    public static List<string> GeneratePans(Random random)
    {
        var pans = new HashSet<string>(StringComparer.Ordinal);
        while (pans.Count < Cards)
        {
            var (prefix, lengths, luhn) = Brands[random.Next(Brands.Length)];
            var length = lengths[random.Next(lengths.Length)];
            var body = new StringBuilder(prefix);
            while (body.Length < length - 1)
            {
                body.Append((char)('0' + random.Next(10)));
            }

            var check = LuhnCheckDigit(body.ToString());
            // Brands that skip Luhn: half of their numbers get a wrong check digit on purpose.
            var digit = luhn || random.Next(2) == 0 ? check : (check + 1 + random.Next(9)) % 10;
            pans.Add(body.Append((char)('0' + digit)).ToString());
        }

        return [.. pans];
    }

    public static int LuhnCheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }

    // The digits of a text in any script, in order: a PAN written with separators or other digits still shows.
    public static string DigitsOf(string text)
    {
        var digits = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            if (CharUnicodeInfo.GetDecimalDigitValue(text, i) is var d and >= 0)
            {
                digits.Append((char)('0' + d));
            }
        }

        return digits.ToString();
    }

    // How many of the PANs appear, as a run of digits in any script, in any of the surfaces.
    public static int CountPans(IEnumerable<string> surfaces, IReadOnlyList<string> pans)
    {
        var wanted = new HashSet<string>(pans, StringComparer.Ordinal);
        var lookup = wanted.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var surface in surfaces)
        {
            var digits = DigitsOf(surface).AsSpan();
            for (var start = 0; start + 13 <= digits.Length; start++)
            {
                for (var length = 13; length <= 19 && start + length <= digits.Length; length++)
                {
                    if (lookup.TryGetValue(digits.Slice(start, length), out var pan))
                    {
                        found.Add(pan);
                    }
                }
            }
        }

        return found.Count;
    }

    public static PaymentRequest Put(PaymentRequest valid, int field, string value) => field switch
    {
        0 => valid with { IdempotencyKey = value },
        1 => valid with { MerchantId = value },
        2 => valid with { Payer = TestInstruments.Approves with { Token = value } },
        3 => valid with { Payer = TestInstruments.Approves with { Brand = value } },
        4 => valid with { Payee = value },
        5 => valid with { Description = value },
        6 => valid with { Metadata = new Dictionary<string, string> { ["note"] = value } },
        _ => valid with { Metadata = new Dictionary<string, string> { [value.Length <= 40 ? value : value[..40]] = "v" } },
    };

    /// <summary>
    /// Pushes every card, in its written form, through every caller-filled request field and as the refund key of
    /// <paramref name="paid"/>: the durable stores' scans share this, so each scans exactly the same attempts.
    /// </summary>
    /// <returns>The attempts, how many were refused with <see cref="PaymentValidationException"/>, and each accepted one.</returns>
    public static async Task<(int Attempts, int Refused, List<string> Leaks)> PushThroughEveryFieldAsync(
        PaymentProcessor processor, IReadOnlyList<string> pans, Func<PaymentRequest> valid, PaymentResult paid)
    {
        var (attempts, refused) = (0, 0);
        var leaks = new List<string>();
        for (var n = 0; n < pans.Count; n++)
        {
            var pan = pans[n];
            var form = Forms[n % Forms.Length](pan);
            for (var field = 0; field < RequestFields; field++)
            {
                attempts++;
                try
                {
                    await processor.ProcessAsync(Put(valid(), field, field == 7 && form.Length > 40 ? pan : form));
                    leaks.Add($"accepted: field {field}, card #{n}");
                }
                catch (PaymentValidationException)
                {
                    refused++;
                }
            }

            attempts++;
            try
            {
                await processor.RefundAsync(paid.Transaction.MerchantId, paid.Id, Money.FromMinor(1, paid.Transaction.Amount.Currency), form.Length <= 255 ? form : pan);
                leaks.Add($"refund key accepted: card #{n}");
            }
            catch (PaymentValidationException)
            {
                refused++;
            }
        }

        return (attempts, refused, leaks);
    }
}
