using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Monetary;

namespace PaymentCore.Testing.Generators;

/// <summary>
/// FsCheck generators of currencies and amounts, so a property meets every ISO 4217 exponent (0, 2, 3 and 4
/// decimals) and amounts from one minor unit to the largest a test allows.
/// </summary>
/// <remarks>Stateless; safe to use from any thread. Generators are immutable FsCheck values.</remarks>
public static class MoneyGenerators
{
    /// <summary>Gets every current ISO 4217 currency of <see cref="Currency.All"/>, grouped by exponent.</summary>
    private static readonly IReadOnlyList<Currency>[] ByExponent =
        [.. Currency.All.GroupBy(c => c.MinorUnits).OrderBy(g => g.Key).Select(g => (IReadOnlyList<Currency>)[.. g])];

    /// <summary>
    /// Gets a generator of every currency of <see cref="Currency.All"/>. It first picks an exponent, then a currency
    /// with it, so the few 0-, 3- and 4-decimal currencies appear as often as the many 2-decimal ones.
    /// </summary>
    public static Gen<Currency> Currencies { get; } =
        Gen.Elements(ByExponent).SelectMany(group => Gen.Elements<Currency>(group));

    /// <summary>
    /// Returns amounts of <paramref name="currency"/> from one minor unit to <paramref name="maxMinorUnits"/>,
    /// biased to the edges (1, 2, the maximum) and to small amounts where rounding matters most.
    /// </summary>
    /// <param name="currency">The currency.</param>
    /// <param name="maxMinorUnits">The largest amount in minor units; at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMinorUnits"/> is below 1.</exception>
    public static Gen<Money> Amounts(Currency currency, long maxMinorUnits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMinorUnits, 1);
        return MinorUnits(maxMinorUnits).Select(m => Money.FromMinor(m, currency));
    }

    /// <summary>
    /// Returns positive amounts in every currency, from one minor unit to <paramref name="maxMajorUnits"/> major
    /// units of that currency (1,000,000 by default: the <see cref="PaymentCore.Authorization.InMemoryAuthorizer"/>'s
    /// default balance, so most amounts can be authorized).
    /// </summary>
    /// <param name="maxMajorUnits">The largest amount in major units; at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMajorUnits"/> is below 1.</exception>
    public static Gen<Money> PositiveAmounts(long maxMajorUnits = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMajorUnits, 1);
        return Currencies.SelectMany(c => Amounts(c, checked(maxMajorUnits * c.MinorUnitsPerMajor)));
    }

    /// <summary>
    /// Gets amounts no request may carry or that sit at the edge of <see cref="long"/>: zero, negative,
    /// <see cref="long.MinValue"/>, <see cref="long.MaxValue"/>, and <c>default(Money)</c> (no currency).
    /// </summary>
    public static Gen<Money> ExtremeAmounts { get; } = Gen.OneOf(
        Gen.Constant(default(Money)),
        Currencies.SelectMany(c => Gen.Elements(0L, -1L, long.MinValue, long.MinValue + 1, long.MaxValue, long.MaxValue - 1, -100L)
            .Select(m => Money.FromMinor(m, c))));

    /// <summary>
    /// Shrinks an amount toward one minor unit, keeping its currency; pass it to
    /// <c>Arb.From(generator, MoneyGenerators.Shrink)</c> so a failing amount shrinks.
    /// </summary>
    /// <param name="amount">The failing amount.</param>
    /// <returns>Smaller positive candidates: one minor unit, the amount's last digits, half of it, one less.</returns>
    public static IEnumerable<Money> Shrink(Money amount)
    {
        var m = amount.MinorUnits;
        if (m <= 1 || amount.Currency.IsDefault)
        {
            yield break;
        }

        yield return Money.FromMinor(1, amount.Currency);

        // Keep the last digits (where rounding midpoints live), dropping the leading ones: 994540 → 0, 40, 540, ….
        for (var p = 10L; p <= m / 10 && p > 0; p *= 10)
        {
            if (m % p > 1)
            {
                yield return Money.FromMinor(m % p, amount.Currency);
            }
        }

        if (m / 2 > 1)
        {
            yield return Money.FromMinor(m / 2, amount.Currency);
        }

        if (m - 1 > m / 2)
        {
            yield return Money.FromMinor(m - 1, amount.Currency);
        }
    }

    private static Gen<long> MinorUnits(long max) => Gen.Frequency(
        (3, Gen.Elements(1L, Math.Min(2L, max), max)),
        (4, Gen.Choose(1, (int)Math.Min(10_000L, max)).Select(x => (long)x)),
        (3, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue), (hi, lo) => 1 + (long)(((((ulong)hi << 31) | (uint)lo) % (ulong)max)))));
}
