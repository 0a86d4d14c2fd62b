using System.Globalization;
using System.Numerics;
using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Testing.Generators;
using PaymentCore.Transactions;

namespace PaymentCore.PropertyTests;

/// <summary>Properties 5 (conservation), 6 (currency), 7 (rounding) and 10 (money round trip) of issue 3.</summary>
public class MoneyProperties
{
    private static readonly Arbitrary<Money> Amounts = Arb.From(MoneyGenerators.PositiveAmounts(), MoneyGenerators.Shrink);

    [PaymentProperty]
    public Property Property05_Conservation_NetPlusFeeIsGross_AllocatePartsSumToWhole_NothingNegative()
    {
        var cases =
            from c in RuleCase.Gen(currency => RuleGenerators.Chains(currency))
            from ratios in Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 100).Select(x => (long)x), n)).Where(r => r.Any(x => x > 0))
            select (Case: c with { Request = c.Request with { CaptureMode = CaptureMode.Automatic } }, Ratios: ratios);
        return Prop.ForAll(Arb.From(cases, t => RuleCase.Shrink(t.Case).Select(s => (s, t.Ratios))), t =>
        {
            var (c, ratios) = t;
            var record = new ProcessorHarness(c.Rules).Process(c.Request).Transaction;
            Money[] amounts = [record.Authorized, record.Captured, record.Refunded, record.Fee, record.Net];
            Assert.All(amounts, a => Assert.False(a.IsNegative, $"{a} is negative in {record}"));
            if (record.Status == TransactionStatus.Captured)
            {
                Assert.Equal(record.Amount, record.Captured);
                Assert.True(record.Net + record.Fee == record.Captured, $"net {record.Net} + fee {record.Fee} != gross {record.Captured}");
            }

            var parts = record.Amount.Allocate(ratios);
            Assert.Equal(record.Amount, parts.Aggregate(Money.Zero(record.Amount.Currency), (s, p) => s + p));
            Assert.All(parts, p => Assert.False(p.IsNegative));
        });
    }

    [PaymentProperty]
    public Property Property06_Currency_ResultsAreInTheRequestsCurrency_AndMixingCurrenciesIsRefused()
    {
        var cases =
            from c in RuleCase.Gen(RuleGenerators.Chains)
            from other in MoneyGenerators.Currencies.Where(o => o != c.Request.Amount.Currency)
            select (Case: c with { Request = c.Request with { CaptureMode = CaptureMode.Manual } }, Other: other);
        return Prop.ForAll(Arb.From(cases, t => RuleCase.Shrink(t.Case).Select(s => (s, t.Other))), t =>
        {
            var (c, other) = t;
            var currency = c.Request.Amount.Currency;
            var harness = new ProcessorHarness(c.Rules);
            var result = harness.Process(c.Request);
            var record = result.Transaction;
            Assert.All([record.Amount, record.Authorized, record.Captured, record.Refunded, record.Fee, record.Net], a => Assert.Equal(currency, a.Currency));
            Assert.All(record.History, h => Assert.Equal(currency, h.Amount.Currency));

            var foreign = Money.FromMinor(1, other);
            Assert.Throws<CurrencyMismatchException>(() => c.Request.Amount + foreign);
            Assert.Throws<CurrencyMismatchException>(() => c.Request.Amount - foreign);
            Assert.Throws<CurrencyMismatchException>(() => c.Request.Amount < foreign);
            if (record.Status == TransactionStatus.Authorized)
            {
                var ex = Assert.Throws<PaymentValidationException>(() => harness.Processor.CaptureAsync(record.Request.MerchantId, record.Id, foreign).AsTask().GetAwaiter().GetResult());
                Assert.Equal(ValidationRules.SameCurrency, ex.Rule);
                Assert.Equal(record, harness.Get(record.Id));
            }
        });
    }

    [PaymentProperty]
    public Property Property07_Rounding_PercentageFee_IsWithinHalfAMinorUnit_AndRoundsHalfToEven()
    {
        return Prop.ForAll(Amounts, Arb.From(RuleGenerators.FeeRates), (amount, rate) =>
        {
            var fee = new FeeSchedule(rate, Money.Zero(amount.Currency)).FeeFor(amount);
            // The exact fee is amount × rate = amount × mantissa / 10^scale, in minor units: compare as integers.
            var mantissa = new BigInteger(decimal.Truncate(rate * Pow10(rate.Scale)));
            var denominator = BigInteger.Pow(10, rate.Scale);
            var exactTimesDenominator = amount.MinorUnits * mantissa;
            var twiceError = BigInteger.Abs(fee.MinorUnits * denominator - exactTimesDenominator) * 2;
            Assert.True(twiceError <= denominator, $"fee {fee} is more than half a minor unit from {amount} × {rate}");
            if (twiceError == denominator)
            {
                Assert.True(fee.MinorUnits % 2 == 0, $"{amount} × {rate} is a midpoint; half to even gives an even fee, not {fee}");
            }

            var ruleFee = FeeRule.For(amount.Currency, rate).Evaluate(RequestFor(amount), new RuleContext(ProcessorHarness.Start)).Fee;
            Assert.Equal(Money.Min(fee, amount), ruleFee.Currency.IsDefault ? Money.Zero(amount.Currency) : ruleFee);
        });
    }

    [PaymentProperty]
    public Property Property10_MoneyRoundTrip_MajorToMinorToMajorIsExact_AndParsingRefusesExtraPrecision()
    {
        var anyMinor = Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Select(x => (long)x),
            ArbMap.Default.GeneratorFor<long>(),
            Gen.Elements(0L, 1L, -1L, long.MaxValue, long.MinValue, long.MinValue + 1));
        return Prop.ForAll(Arb.From(MoneyGenerators.Currencies), Arb.From(anyMinor), Arb.From(Gen.Choose(1, 9)), (currency, minor, digit) =>
        {
            var money = Money.FromMinor(minor, currency);
            var major = money.ToMajor();
            Assert.Equal(money, Money.FromMajor(major, currency));
            Assert.Equal(major, Money.FromMajor(major, currency).ToMajor());
            var text = major.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(money, Money.Parse(text, currency));

            // One more non-zero digit than the currency has: refused, never rounded.
            var tooPrecise = text + (currency.MinorUnits == 0 ? "." : string.Empty) + digit.ToString(CultureInfo.InvariantCulture);
            Assert.ThrowsAny<ArgumentException>(() => Money.Parse(tooPrecise, currency));
            Assert.False(Money.TryParse(tooPrecise, currency, out _));
            if (minor is > -1_000_000_000_000L and < 1_000_000_000_000L)
            {
                var extra = major + ((major < 0 ? -digit : digit) / Pow10(currency.MinorUnits + 1));
                Assert.ThrowsAny<ArgumentException>(() => Money.FromMajor(extra, currency));
            }
        });
    }

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++)
        {
            p *= 10;
        }

        return p;
    }

    private static PaymentRequest RequestFor(Money amount) => new()
    {
        IdempotencyKey = "k",
        MerchantId = "m",
        Amount = amount,
        Payer = PaymentInstrument.Account("acct_payer"),
        Payee = "payee",
    };
}
