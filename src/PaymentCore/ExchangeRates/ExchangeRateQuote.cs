using System.Globalization;
using PaymentCore.Monetary;

namespace PaymentCore.ExchangeRates;

/// <summary>
/// A quoted exchange rate: 1 unit (major) of <see cref="From"/> buys <see cref="Rate"/> units of <see cref="To"/>,
/// from a named source at a known time. Kept with the payment it was used for.
/// </summary>
/// <remarks>
/// <para>
/// Rounding rule (documented in docs/batch.md): the converted amount is the exact product of the amount's minor units
/// and the rate, scaled to the target currency's ISO 4217 exponent, rounded once to a whole minor unit of the target,
/// half to even. No <see cref="double"/> is involved: the product is computed exactly (see <see cref="Money.MultiplyByRate"/>).
/// 100.00 EUR at 0.94125 CHF is 94.125 CHF, paid as 94.12 CHF; 1000 JPY at 0.0061235 EUR is 6.1235 EUR, paid as 6.12 EUR.
/// </para>
/// <para>Thread safety: immutable; safe to share between threads.</para>
/// </remarks>
public sealed record ExchangeRateQuote
{
    /// <summary>
    /// The most decimal places a rate may have: scaling it to a currency exponent stays exact, and the rate written in
    /// the payment's metadata never holds a run of 12 or more digits, which the processor would refuse as a possible
    /// card number (PCI DSS 3.4).
    /// </summary>
    public const int MaxRateDecimals = 10;

    /// <summary>The largest rate allowed (exclusive): at most 9 integer digits, for the same reason.</summary>
    public const decimal MaxRate = 1_000_000_000m;

    /// <summary>The longest allowed <see cref="Source"/>.</summary>
    public const int MaxSourceLength = 100;

    internal const string RateKey = "fx.rate";
    internal const string PairKey = "fx.pair";
    internal const string SourceKey = "fx.source";
    internal const string QuotedAtKey = "fx.quotedAt";
    internal const string InstructedKey = "fx.instructed";

    /// <summary>Creates a quote.</summary>
    /// <param name="from">The currency converted from.</param>
    /// <param name="to">The currency converted into.</param>
    /// <param name="rate">Units of <paramref name="to"/> per unit of <paramref name="from"/>; positive, below <see cref="MaxRate"/>, at most <see cref="MaxRateDecimals"/> decimals.</param>
    /// <param name="source">Where the rate comes from, such as "ECB reference 2025-03-14" or a dealer ticket id; not blank, at most <see cref="MaxSourceLength"/> characters.</param>
    /// <param name="quotedAt">When the rate was quoted.</param>
    /// <exception cref="ArgumentException">A currency is the default value, the currencies are equal, or <paramref name="source"/> is blank or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not positive or has too many decimals.</exception>
    public ExchangeRateQuote(Currency from, Currency to, decimal rate, string source, DateTimeOffset quotedAt)
    {
        if (from.IsDefault || to.IsDefault)
        {
            throw new ArgumentException("Both currencies of an exchange rate quote are required.", from.IsDefault ? nameof(from) : nameof(to));
        }

        if (from == to)
        {
            throw new ArgumentException($"An exchange rate quote converts between two currencies; both are {from.Code}.", nameof(to));
        }

        if (rate <= 0m || rate >= MaxRate)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "An exchange rate must be positive and below 1,000,000,000.");
        }

        if (rate.Scale > MaxRateDecimals && decimal.Round(rate, MaxRateDecimals) != rate)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"An exchange rate may have at most {MaxRateDecimals} decimal places.");
        }

        if (string.IsNullOrWhiteSpace(source) || source.Length > MaxSourceLength || source.Any(char.IsControl))
        {
            throw new ArgumentException($"The quote's source is required: not blank, at most {MaxSourceLength} characters, no control characters.", nameof(source));
        }

        From = from;
        To = to;
        // Trailing zeros past 10 places are dropped, so the rate's scale stays small enough to shift exactly.
        Rate = rate.Scale > MaxRateDecimals ? decimal.Round(rate, MaxRateDecimals) : rate;
        Source = source;
        QuotedAt = quotedAt;
    }

    /// <summary>Gets the currency converted from.</summary>
    /// <value>The debtor's currency.</value>
    public Currency From { get; }

    /// <summary>Gets the currency converted into.</summary>
    /// <value>The currency the creditor is paid in.</value>
    public Currency To { get; }

    /// <summary>Gets the rate: units of <see cref="To"/> per unit of <see cref="From"/>.</summary>
    /// <value>Positive; at most <see cref="MaxRateDecimals"/> decimal places.</value>
    public decimal Rate { get; }

    /// <summary>Gets where the rate comes from.</summary>
    /// <value>Not blank.</value>
    public string Source { get; }

    /// <summary>Gets when the rate was quoted.</summary>
    /// <value>As the provider said.</value>
    public DateTimeOffset QuotedAt { get; }

    /// <summary>Converts an amount of <see cref="From"/> into <see cref="To"/>, by the rounding rule above.</summary>
    /// <param name="amount">The amount, in <see cref="From"/>.</param>
    /// <returns>The converted amount, in <see cref="To"/>.</returns>
    /// <exception cref="CurrencyMismatchException"><paramref name="amount"/> is not in <see cref="From"/>.</exception>
    /// <exception cref="OverflowException">The converted amount does not fit in a 64-bit count of minor units.</exception>
    public Money Convert(Money amount)
    {
        if (amount.Currency != From)
        {
            throw new CurrencyMismatchException($"The quote converts {From.Code} into {To.Code}; the amount is in {amount.Currency.Code}.");
        }

        // minor_to = minor_from * rate * 10^(e_to - e_from). The power of ten is folded into the rate exactly
        // (at most 10 + 4 decimals, far inside decimal's 28), then Money.MultiplyByRate rounds once.
        int shift = To.MinorUnits - From.MinorUnits;
        decimal scaled = shift >= 0 ? Rate * Pow10(shift) : Rate / Pow10(-shift);
        return Money.FromMinor(amount.MinorUnits, To).MultiplyByRate(scaled, MidpointRounding.ToEven);
    }

    /// <summary>The payment metadata that locks this quote in the record of the payment it was used for.</summary>
    internal Dictionary<string, string> ToMetadata(Money instructed) => new(StringComparer.Ordinal)
    {
        [PairKey] = From.Code + "/" + To.Code,
        [RateKey] = Rate.ToString(CultureInfo.InvariantCulture),
        [SourceKey] = Source,
        [QuotedAtKey] = QuotedAt.ToString("O", CultureInfo.InvariantCulture),
        // Grouped, so that an amount of a hundred billion is never a 12-digit run the card-number check refuses.
        [InstructedKey] = instructed.ToMajor().ToString("#,0.#####", CultureInfo.InvariantCulture) + " " + instructed.Currency.Code,
    };

    /// <summary>Reads back a quote locked in a payment's metadata; <see langword="null"/> when there is none for this pair.</summary>
    internal static ExchangeRateQuote? FromMetadata(IReadOnlyDictionary<string, string> metadata, Currency from, Currency to)
    {
        if (!metadata.TryGetValue(PairKey, out var pair) || pair != from.Code + "/" + to.Code
            || !metadata.TryGetValue(RateKey, out var rateText) || !decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate)
            || !metadata.TryGetValue(SourceKey, out var source)
            || !metadata.TryGetValue(QuotedAtKey, out var quotedText) || !DateTimeOffset.TryParseExact(quotedText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var quotedAt))
        {
            return null;
        }

        return new ExchangeRateQuote(from, to, rate, source, quotedAt);
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
