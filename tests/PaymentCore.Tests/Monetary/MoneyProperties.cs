using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Monetary;

namespace PaymentCore.Tests.Monetary;

// FsCheck properties run by FsCheck's own runner inside [Fact]s (FsCheck.Xunit is not served here).
// QuickThrowOnFailure throws with the shrunk counterexample and the seed to replay it.
public class MoneyProperties
{
    private static readonly Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly Gen<long> AnyMinorUnits = Gen.OneOf(
        ArbMap.Default.GeneratorFor<long>(),
        Gen.Choose(-1_000_000, 1_000_000).Select(x => (long)x),
        Gen.Elements(long.MinValue, long.MinValue + 1, long.MaxValue, long.MaxValue - 1, 0L, 1L, -1L));

    private static readonly Gen<long[]> Ratios =
        Gen.Choose(1, 12).SelectMany(count =>
            Gen.ArrayOf(
                Gen.OneOf(
                    Gen.Choose(0, 100).Select(x => (long)x),
                    Gen.Elements(0L, 1L, long.MaxValue, long.MaxValue / 3)),
                count))
        .Where(r => r.Any(x => x > 0));

    [Fact]
    public void Allocate_AnyAmountAndRatios_PartsSumToWholeAndStayWithinOneUnitOfExactShare()
    {
        Prop.ForAll(
            AnyMinorUnits.ToArbitrary(),
            Ratios.ToArbitrary(),
            (minor, ratios) =>
            {
                var parts = new Money(minor, Currency.EUR).Allocate(ratios);
                Int128 total = 0;
                foreach (long r in ratios)
                {
                    total += r;
                }

                Int128 sum = 0;
                bool withinOne = true;
                for (int i = 0; i < parts.Count; i++)
                {
                    sum += parts[i].MinorUnits;

                    // |part * total - minor * ratio| < total  <=>  |part - exact share| < 1
                    Int128 difference = ((Int128)parts[i].MinorUnits * total) - ((Int128)minor * ratios[i]);
                    withinOne &= Int128.Abs(difference) < total;
                    withinOne &= ratios[i] != 0 || parts[i].IsZero;
                    withinOne &= parts[i].Currency == Currency.EUR;
                }

                return parts.Count == ratios.Length && sum == minor && withinOne;
            })
            .Check(Config);
    }

    [Fact]
    public void FromMajor_ToMajor_RoundTripsForEveryCurrency()
    {
        Prop.ForAll(
            Gen.Elements(Currency.All.ToArray()).ToArbitrary(),
            AnyMinorUnits.ToArbitrary(),
            (currency, minor) =>
            {
                var money = new Money(minor, currency);
                return Money.FromMajor(money.ToMajor(), currency) == money
                    && Money.Parse(money.ToString("N", null), currency) == money;
            })
            .Check(Config);
    }

    [Fact]
    public void FromMajor_EveryCurrency_RefusesOneMoreDecimalPlace()
    {
        Prop.ForAll(
            Gen.Elements(Currency.All.ToArray()).ToArbitrary(),
            Gen.Choose(-1_000_000, 1_000_000).ToArbitrary(),
            Gen.Choose(1, 9).ToArbitrary(),
            (currency, minor, extraDigit) =>
            {
                // minor units plus one digit beyond the exponent: never representable, so never accepted.
                decimal tooPrecise = new Money(minor, currency).ToMajor() + (extraDigit / (currency.MinorUnitsPerMajor * 10m));
                return !Money.TryFromMajor(tooPrecise, currency, out _);
            })
            .Check(Config);
    }
}
