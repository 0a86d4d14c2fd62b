using System.Collections.Frozen;
using System.Globalization;
using FsCheck.Fluent;
using FsCheck;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Payments;

namespace PaymentCore.Testing.Generators;

/// <summary>
/// FsCheck generators of <see cref="PaymentRequest"/>s: valid ones for testing rules and processors, and invalid
/// or hostile ones (control characters, very long text, blank text, digit runs that look like card numbers,
/// extreme amounts, no currency, missing fields) for testing validation.
/// </summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
public static class RequestGenerators
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Gets short identifiers of letters, digits, '-' and '_' that pass validation (no digit run long enough to be a card number).</summary>
    public static Gen<string> Identifiers { get; } =
        Gen.Zip(Gen.Elements(Letters.ToCharArray()), Gen.ArrayOf(Gen.Elements((Letters + "0123456789-_").ToCharArray())))
            .Select(t => SafeDigits(t.Item1 + new string(t.Item2.Take(40).ToArray())))
            // A random identifier can spell "cvc" beside a digit group, which the detector rightly refuses.
            .Where(s => CardDataDetector.Find(s) == CardDataKind.None && !CardDataDetector.IsVerificationCodeName(s));

    /// <summary>
    /// Gets text that breaks validation or sits at its edges: empty, blank, control characters (NUL, tab, DEL),
    /// 256 to 600 characters, card-number-like digit runs (Luhn-valid and not), non-ASCII and surrogates.
    /// </summary>
    public static Gen<string> HostileStrings { get; } = Gen.OneOf(
        Gen.Elements(string.Empty, " ", "\t", "\r\n", "\u00a0", "a\u0000b", "x\u007f", "\u001b[31m", "4242424242424242", "4111 1111 1111 1111",
            "card 5555555555554444 here", "123456789012", "1234567890123", "\ud83d\udcb3", "\ud800", "null", "Ω≈ç√", "'; DROP TABLE payments;--"),
        Gen.Choose(256, 600).Select(n => new string('k', n)),
        Gen.Choose(12, 19).SelectMany(n => Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), n)).Select(d => new string(d)),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
        Gen.ArrayOf(Gen.Choose(0, 0x7f).Select(c => (char)c)).Select(c => new string(c)));

    /// <summary>Gets valid payer instruments: cards with a token, brand and digits, and accounts.</summary>
    public static Gen<PaymentInstrument> Instruments { get; } = Gen.OneOf(
        from token in Identifiers
        from brand in Gen.Elements("visa", "mastercard", "amex")
        from first6 in Gen.Choose(100000, 999999)
        from last4 in Gen.Choose(0, 9999)
        select PaymentInstrument.Card("tok_" + token, brand, first6.ToString("D6", CultureInfo.InvariantCulture), last4.ToString("D4", CultureInfo.InvariantCulture)),
        Identifiers.Select(id => PaymentInstrument.Account("acct_" + id)));

    /// <summary>Gets valid requests in every currency of <see cref="MoneyGenerators.Currencies"/>, for amounts up to 1,000,000 major units.</summary>
    public static Gen<PaymentRequest> ValidRequests { get; } = ValidRequestsWith(MoneyGenerators.PositiveAmounts());

    /// <summary>
    /// Gets requests with one or more hostile fields: hostile text, extreme amounts, no currency,
    /// <see langword="null"/> where a field is required, undefined enumeration values, bad card digits, too much
    /// metadata. Most are invalid; a few hostile values are allowed where they land (an empty description,
    /// <see cref="long.MaxValue"/> minor units), so assert on <see cref="PaymentRequest.Validate"/>, not on the generator.
    /// </summary>
    public static Gen<PaymentRequest> InvalidRequests { get; } = ValidRequests.SelectMany(Break);

    /// <summary>Gets a mix of valid and invalid requests (one in three valid), for totality properties.</summary>
    public static Gen<PaymentRequest> AnyRequests { get; } = Gen.Frequency((1, ValidRequests), (2, InvalidRequests));

    /// <summary>Returns valid requests whose amounts come from <paramref name="amounts"/>.</summary>
    /// <param name="amounts">Positive amounts with a currency.</param>
    /// <returns>The generator.</returns>
    public static Gen<PaymentRequest> ValidRequestsWith(Gen<Money> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var metadata = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Zip(Identifiers, Identifiers), n))
            .Select(pairs => (IReadOnlyDictionary<string, string>)pairs.DistinctBy(p => Clip(p.Item1, 40))
                .ToDictionary(p => Clip(p.Item1, 40), p => p.Item2, StringComparer.Ordinal).ToFrozenDictionary(StringComparer.Ordinal));
        var description = Gen.OneOf(Gen.Constant<string?>(null), Identifiers.Select(s => (string?)("Order " + s)));
        return from key in Identifiers
               from merchant in Identifiers
               from amount in amounts
               from payer in Instruments
               from payee in Identifiers
               from mode in Gen.Elements(CaptureMode.Automatic, CaptureMode.Manual)
               from text in description
               from meta in metadata
               select new PaymentRequest
               {
                   IdempotencyKey = "key-" + key,
                   MerchantId = "merchant-" + merchant,
                   Amount = amount,
                   Payer = payer,
                   Payee = "payee-" + payee,
                   CaptureMode = mode,
                   Description = text,
                   Metadata = meta,
               };
    }

    /// <summary>Breaks one or more fields of a valid request.</summary>
    private static Gen<PaymentRequest> Break(PaymentRequest valid)
    {
        var one = Gen.OneOf(
            HostileStrings.Select(s => valid with { IdempotencyKey = s }),
            HostileStrings.Select(s => valid with { MerchantId = s }),
            HostileStrings.Select(s => valid with { Payee = s }),
            HostileStrings.Select(s => valid with { Description = s }),
            // Break runs on already broken requests too, whose payer may be null: start from a card then.
            HostileStrings.Select(s => valid with { Payer = (valid.Payer ?? PaymentInstrument.Card("tok_x", "visa", "424242", "4242")) with { Token = s } }),
            HostileStrings.Select(s => valid with { Payer = PaymentInstrument.Card("tok_x", s, s, s) }),
            HostileStrings.Select(s => valid with { Metadata = new Dictionary<string, string> { [s] = s } }),
            MoneyGenerators.ExtremeAmounts.Select(a => valid with { Amount = a }),
            Gen.Elements<Func<PaymentRequest>>(
                () => valid with { IdempotencyKey = null! },
                () => valid with { MerchantId = null! },
                () => valid with { Payee = null! },
                () => valid with { Payer = null! },
                () => valid with { Payer = (valid.Payer ?? PaymentInstrument.Card("tok_x", "visa", "424242", "4242")) with { Token = null! } },
                () => valid with { Payer = new PaymentInstrument(InstrumentKind.Card, "tok_x") },
                () => valid with { Payer = new PaymentInstrument((InstrumentKind)99, "tok_x") },
                () => valid with { Metadata = null! },
                () => valid with { Metadata = new Dictionary<string, string> { ["k"] = null! } },
                () => valid with { Metadata = Enumerable.Range(0, 51).ToDictionary(i => "k" + i, i => "v") },
                () => valid with { CaptureMode = (CaptureMode)(-1) },
                () => valid with { Amount = default }).Select(f => f()));
        // Sometimes break a second field too, so validators that stop at the first error are caught.
        return Gen.Frequency((3, one), (1, one.SelectMany(Break)));
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];

    // Identifiers may not hide a card number: break any digit run longer than 11 with a letter. '-' and '_' join
    // digit groups into one run for the detector, so they do not end a run here either.
    private static string SafeDigits(string s)
    {
        var chars = s.ToCharArray();
        var run = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            run = char.IsAsciiDigit(chars[i]) ? run + 1 : chars[i] is '-' or '_' ? run : 0;
            if (run > 11)
            {
                chars[i] = 'x';
                run = 0;
            }
        }

        return new string(chars);
    }
}
