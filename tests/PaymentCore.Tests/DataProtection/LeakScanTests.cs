using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.DataProtection;

// Issue 12's leak scan, core and in-memory part: 10,000+ generated card numbers of every brand and length 13-19
// (Luhn-failing brand-valid ones included), written in every separator and Unicode form the detector documents,
// pushed through every caller-fillable field. Then every place a PAN could surface is scanned: the store, events,
// exception messages, ToString() and every captured log line (Trace level). Expected: 0 full PANs, counts asserted.
public sealed class LeakScanTests
{
    private const int Seed = 20261201;
    private const int Cards = 10_000;

    // (prefix, lengths, Luhn required): the brand table, as card networks issue them.
    private static readonly (string Prefix, int[] Lengths, bool Luhn)[] Brands =
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

    private static readonly Func<string, string>[] Forms =
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

    private static string Group(string pan, string separator)
    {
        var groups = new List<string>();
        for (var i = 0; i < pan.Length; i += 4)
        {
            groups.Add(pan.Substring(i, Math.Min(4, pan.Length - i)));
        }

        return string.Join(separator, groups);
    }

    private static string Shift(string pan, char zero) => new([.. pan.Select(c => (char)(zero + (c - '0')))]);

    private static List<string> GeneratePans(Random random)
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

    private static int LuhnCheckDigit(string body)
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
    private static string DigitsOf(string text)
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
    private static int CountPans(IEnumerable<string> surfaces, IReadOnlyList<string> pans)
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

    [Fact]
    public void CountPans_PanWrittenInAnotherScriptWithSeparators_IsCounted() =>
        // The scan itself must be able to fail.
        Assert.Equal(1, CountPans(["x " + Group(Shift("4242424242424242", '\uff10'), "-") + " y"], ["4242424242424242", "5555555555554444"]));

    private static PaymentRequest Put(PaymentRequest valid, int field, string value) => field switch
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

    [Fact]
    public async Task EveryCallerField_TenThousandCardsInEveryForm_NoneStoredLoggedOrEchoed()
    {
        var random = new Random(Seed);
        var pans = GeneratePans(random);
        var logger = new RedactionTests.CapturingLogger();
        var store = new InMemoryTransactionStore();
        var notifier = new InMemoryNotifier();
        var time = new FastForwardTimeProvider();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, Options.Create(new PaymentProcessorOptions()), time, logger);
        var paid = await processor.ProcessAsync(PaymentFixture.Request(key: "refund-target"));
        var valid = PaymentFixture.Request();
        var messages = new List<string>();
        var attempts = 0;
        var refused = 0;
        var leaks = new List<string>();

        for (var n = 0; n < pans.Count; n++)
        {
            var pan = pans[n];
            var form = Forms[n % Forms.Length](pan);
            for (var field = 0; field < 8; field++)
            {
                attempts++;
                try
                {
                    await processor.ProcessAsync(Put(valid, field, field == 7 && form.Length > 40 ? pan : form));
                    leaks.Add($"accepted: field {field}, card #{n}, form {n % Forms.Length}");
                }
                catch (PaymentValidationException ex)
                {
                    refused++;
                    messages.Add(ex.Message + " " + ex.ParamName);
                }
            }

            // The refund key, on an existing payment.
            attempts++;
            try
            {
                await processor.RefundAsync("merchant-1", paid.Id, Money.FromMinor(1, Currency.USD), form.Length <= 255 ? form : pan);
                leaks.Add($"refund key accepted: card #{n}");
            }
            catch (PaymentValidationException ex)
            {
                refused++;
                messages.Add(ex.Message);
            }
        }

        // Everything that was kept or said, in one list to scan.
        var surfaces = new List<string>(messages);
        surfaces.AddRange(logger.Lines);
        foreach (var record in store.Snapshot())
        {
            surfaces.Add(record.ToString());
            surfaces.Add(Encoding.UTF8.GetString(TransactionRecordJson.Serialize(record)));
            surfaces.Add(new PaymentResult(record, PaymentOperation.Process, PaymentOutcome.Approved, replayed: false).ToString());
        }

        await new global::PaymentCore.Outbox.OutboxDispatcher(store, [notifier], null, time).DispatchAsync(); // every event reaches the notifier
        foreach (var delivered in notifier.Deliveries)
        {
            surfaces.Add(delivered.ToString());
            surfaces.Add(Encoding.UTF8.GetString(TransactionRecordJson.SerializeEvent(delivered)));
        }

        var found = CountPans(surfaces, pans);

        Assert.True(leaks.Count == 0, $"seed {Seed}: {leaks.Count} accepted, first: {string.Join("; ", leaks.Take(5))}");
        Assert.Equal((Cards * 9, Cards * 9), (attempts, refused));
        Assert.Equal(1, store.Count); // only the refund target
        Assert.Equal(Money.Zero(Currency.USD), (await processor.GetAsync("merchant-1", paid.Id))!.Refunded);
        Assert.True(found == 0, $"seed {Seed}: {found} full PANs found in {surfaces.Count} surfaces");
    }

    [Fact]
    public async Task TokenizedCards_TenThousandPayments_NoPanInRecordsEventsOrToString()
    {
        var random = new Random(Seed + 1);
        var pans = GeneratePans(random);
        var vault = new InMemoryCardVault(KeyRing.Create(new KeySet([DataKey.Generate("scan")], "scan", "scan")));
        var f = new PaymentFixture();
        var surfaces = new List<string>();
        var key = new byte[32];
        new Random(Seed + 3).NextBytes(key);

        for (var n = 0; n < pans.Count; n++)
        {
            var card = await vault.TokenizeAsync(pans[n], "brand");
            // Our own tokens must pass our own detector (hex tokens once held digit runs that read as PANs).
            var keyed = PaymentInstrument.FromCardNumber(pans[n], "brand", key);
            Assert.True((PaymentFixture.Request() with { Payer = keyed }).Validate().Count == 0, $"seed {Seed + 1}: card #{n}'s FromCardNumber token is refused");
            surfaces.Add(keyed.ToString());
            var result = await f.Processor.ProcessAsync(PaymentFixture.Request(key: "order-" + n, payer: card.ToInstrument()));
            surfaces.Add(result.ToString());
        }

        foreach (var record in f.Store.Snapshot())
        {
            surfaces.Add(record.ToString());
            surfaces.Add(Encoding.UTF8.GetString(TransactionRecordJson.Serialize(record)));
        }

        surfaces.AddRange(f.Notifier.Deliveries.Select(e => e.ToString() + Encoding.UTF8.GetString(TransactionRecordJson.SerializeEvent(e))));
        Assert.Equal(Cards, f.Store.Count);
        Assert.Equal(Cards, vault.Count);
        Assert.Equal(0, CountPans(surfaces, pans));
    }

    [Fact]
    public void CvvNamedMetadata_AThousandValues_AllRefused()
    {
        var random = new Random(Seed + 2);
        string[] names = ["cvv", "CVV2", "cvc", "card_cvc", "securityCode", "cardCode", "security-code", "cvn", "CVD", "card.cvv2"];
        var valid = PaymentFixture.Request();
        var refused = 0;

        for (var i = 0; i < 1_000; i++)
        {
            var code = random.Next(2) == 0 ? random.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture) : random.Next(0, 10000).ToString("D4", CultureInfo.InvariantCulture);
            var value = (i % 4) switch { 0 => code, 1 => " " + code + " ", 2 => Shift(code, '\uff10'), _ => "cvv: " + code };
            var errors = (valid with { Metadata = new Dictionary<string, string> { [names[i % names.Length]] = value } }).Validate();
            if (errors.Count == 1 && errors[0].Rule == ValidationRules.NoVerificationCode && !errors[0].Message.Contains(code, StringComparison.Ordinal))
            {
                refused++;
            }
        }

        Assert.Equal(1_000, refused);
    }
}
