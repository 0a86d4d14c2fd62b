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
    private const int Cards = CardCorpus.Cards;

    [Fact]
    public void CountPans_PanWrittenInAnotherScriptWithSeparators_IsCounted() =>
        // The scan itself must be able to fail.
        Assert.Equal(1, CardCorpus.CountPans(["x " + CardCorpus.Group(CardCorpus.Shift("4242424242424242", '\uff10'), "-") + " y"], ["4242424242424242", "5555555555554444"]));

    [Fact]
    public async Task EveryCallerField_TenThousandCardsInEveryForm_NoneStoredLoggedOrEchoed()
    {
        var random = new Random(Seed);
        var pans = CardCorpus.GeneratePans(random);
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
            var form = CardCorpus.Forms[n % CardCorpus.Forms.Length](pan);
            for (var field = 0; field < 8; field++)
            {
                attempts++;
                try
                {
                    await processor.ProcessAsync(CardCorpus.Put(valid, field, field == 7 && form.Length > 40 ? pan : form));
                    leaks.Add($"accepted: field {field}, card #{n}, form {n % CardCorpus.Forms.Length}");
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

        var found = CardCorpus.CountPans(surfaces, pans);

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
        var pans = CardCorpus.GeneratePans(random);
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
        Assert.Equal(0, CardCorpus.CountPans(surfaces, pans));
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
            var value = (i % 4) switch { 0 => code, 1 => " " + code + " ", 2 => CardCorpus.Shift(code, '\uff10'), _ => "cvv: " + code };
            var errors = (valid with { Metadata = new Dictionary<string, string> { [names[i % names.Length]] = value } }).Validate();
            if (errors.Count == 1 && errors[0].Rule == ValidationRules.NoVerificationCode && !errors[0].Message.Contains(code, StringComparison.Ordinal))
            {
                refused++;
            }
        }

        Assert.Equal(1_000, refused);
    }
}
