using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace PaymentCore.Monetary;

/// <summary>
/// A current ISO 4217 currency, with the exponent ("minor unit") that says how many decimal places its amounts
/// have: JPY 0, USD 2, KWD 3, CLF 4. Amounts are counted in that minor unit (<see cref="Money.MinorUnits"/>),
/// so the exponent is what makes an amount exact.
/// </summary>
/// <remarks>
/// <para>The struct holds one reference to a table entry compiled from the ISO 4217 lists, so it is
/// pointer-sized and cheap to copy. Only current codes with a numeric minor unit can be obtained; withdrawn
/// codes and "N.A." codes (XAU, XTS, XXX...) are refused by <see cref="FromCode"/>.</para>
/// <para><c>default(Currency)</c> means "no currency": <see cref="IsDefault"/> is <see langword="true"/>,
/// <see cref="Code"/> is empty, and every <see cref="Money"/> factory refuses it.</para>
/// <para>Thread safety: immutable, safe to share between threads.</para>
/// </remarks>
public readonly struct Currency : IEquatable<Currency>, IComparable<Currency>
{
    // null for default(Currency). Each code has exactly one CurrencyInfo, but equality still compares codes
    // so that correctness never depends on that.
    private readonly CurrencyInfo? _info;

    private Currency(CurrencyInfo info) => _info = info;

    /// <summary>Gets every current ISO 4217 currency: no withdrawn codes, no "N.A." codes, one entry per code, sorted by code (ordinal).</summary>
    /// <value>A read-only list built once from the compiled table.</value>
    public static IReadOnlyList<Currency> All { get; } = new ReadOnlyCollection<Currency>(
        Iso4217Table.ByCode.Values
            .Where(info => info.Status == Iso4217Status.Current)
            .OrderBy(info => info.Code, StringComparer.Ordinal)
            .Select(info => new Currency(info))
            .ToArray());

    /// <summary>Gets the US dollar (840, 2 minor units).</summary>
    /// <value>USD.</value>
    public static Currency USD { get; } = FromCode("USD");

    /// <summary>Gets the euro (978, 2 minor units).</summary>
    /// <value>EUR.</value>
    public static Currency EUR { get; } = FromCode("EUR");

    /// <summary>Gets the pound sterling (826, 2 minor units).</summary>
    /// <value>GBP.</value>
    public static Currency GBP { get; } = FromCode("GBP");

    /// <summary>Gets the Swiss franc (756, 2 minor units).</summary>
    /// <value>CHF.</value>
    public static Currency CHF { get; } = FromCode("CHF");

    /// <summary>Gets the yen (392, 0 minor units).</summary>
    /// <value>JPY.</value>
    public static Currency JPY { get; } = FromCode("JPY");

    /// <summary>Gets the won (410, 0 minor units).</summary>
    /// <value>KRW.</value>
    public static Currency KRW { get; } = FromCode("KRW");

    /// <summary>Gets the Chilean peso (152, 0 minor units).</summary>
    /// <value>CLP.</value>
    public static Currency CLP { get; } = FromCode("CLP");

    /// <summary>Gets the Iceland krona (352, 0 minor units).</summary>
    /// <value>ISK.</value>
    public static Currency ISK { get; } = FromCode("ISK");

    /// <summary>Gets the Kuwaiti dinar (414, 3 minor units).</summary>
    /// <value>KWD.</value>
    public static Currency KWD { get; } = FromCode("KWD");

    /// <summary>Gets the Bahraini dinar (048, 3 minor units).</summary>
    /// <value>BHD.</value>
    public static Currency BHD { get; } = FromCode("BHD");

    /// <summary>Gets the Jordanian dinar (400, 3 minor units).</summary>
    /// <value>JOD.</value>
    public static Currency JOD { get; } = FromCode("JOD");

    /// <summary>Gets the Rial Omani (512, 3 minor units).</summary>
    /// <value>OMR.</value>
    public static Currency OMR { get; } = FromCode("OMR");

    /// <summary>Gets the Tunisian dinar (788, 3 minor units).</summary>
    /// <value>TND.</value>
    public static Currency TND { get; } = FromCode("TND");

    /// <summary>Gets the Iraqi dinar (368, 3 minor units).</summary>
    /// <value>IQD.</value>
    public static Currency IQD { get; } = FromCode("IQD");

    /// <summary>Gets the Libyan dinar (434, 3 minor units).</summary>
    /// <value>LYD.</value>
    public static Currency LYD { get; } = FromCode("LYD");

    /// <summary>Gets the Unidad de Fomento (990, 4 minor units).</summary>
    /// <value>CLF.</value>
    public static Currency CLF { get; } = FromCode("CLF");

    /// <summary>Gets the Unidad Previsional (927, 4 minor units).</summary>
    /// <value>UYW.</value>
    public static Currency UYW { get; } = FromCode("UYW");

    /// <summary>Gets the Swedish krona (752, 2 minor units).</summary>
    /// <value>SEK.</value>
    public static Currency SEK { get; } = FromCode("SEK");

    /// <summary>Gets the Norwegian krone (578, 2 minor units).</summary>
    /// <value>NOK.</value>
    public static Currency NOK { get; } = FromCode("NOK");

    /// <summary>Gets the Danish krone (208, 2 minor units).</summary>
    /// <value>DKK.</value>
    public static Currency DKK { get; } = FromCode("DKK");

    /// <summary>Gets the zloty (985, 2 minor units).</summary>
    /// <value>PLN.</value>
    public static Currency PLN { get; } = FromCode("PLN");

    /// <summary>Gets the Canadian dollar (124, 2 minor units).</summary>
    /// <value>CAD.</value>
    public static Currency CAD { get; } = FromCode("CAD");

    /// <summary>Gets the Australian dollar (036, 2 minor units).</summary>
    /// <value>AUD.</value>
    public static Currency AUD { get; } = FromCode("AUD");

    /// <summary>Gets the New Zealand dollar (554, 2 minor units).</summary>
    /// <value>NZD.</value>
    public static Currency NZD { get; } = FromCode("NZD");

    /// <summary>Gets the yuan renminbi (156, 2 minor units).</summary>
    /// <value>CNY.</value>
    public static Currency CNY { get; } = FromCode("CNY");

    /// <summary>Gets the Indian rupee (356, 2 minor units).</summary>
    /// <value>INR.</value>
    public static Currency INR { get; } = FromCode("INR");

    /// <summary>Gets the Brazilian real (986, 2 minor units).</summary>
    /// <value>BRL.</value>
    public static Currency BRL { get; } = FromCode("BRL");

    /// <summary>Gets the Mexican peso (484, 2 minor units).</summary>
    /// <value>MXN.</value>
    public static Currency MXN { get; } = FromCode("MXN");

    /// <summary>Gets the rand (710, 2 minor units).</summary>
    /// <value>ZAR.</value>
    public static Currency ZAR { get; } = FromCode("ZAR");

    /// <summary>Gets the Singapore dollar (702, 2 minor units).</summary>
    /// <value>SGD.</value>
    public static Currency SGD { get; } = FromCode("SGD");

    /// <summary>Gets the Hong Kong dollar (344, 2 minor units).</summary>
    /// <value>HKD.</value>
    public static Currency HKD { get; } = FromCode("HKD");

    /// <summary>Gets the ISO 4217 alphabetic code, such as "USD".</summary>
    /// <value>Three upper-case letters; the empty string for <c>default(Currency)</c>.</value>
    public string Code => _info?.Code ?? string.Empty;

    /// <summary>Gets the ISO 4217 numeric code, such as 840 for USD.</summary>
    /// <value>The numeric code; 0 for <c>default(Currency)</c>.</value>
    public int NumericCode => _info?.NumericCode ?? 0;

    /// <summary>Gets the ISO 4217 minor unit: the number of decimal places of an amount (JPY 0, USD 2, KWD 3, CLF 4).</summary>
    /// <value>The exponent, 0 to 4; 0 for <c>default(Currency)</c>.</value>
    public int MinorUnits => _info?.MinorUnits ?? 0;

    /// <summary>Gets the ISO 4217 currency name, such as "US Dollar".</summary>
    /// <value>The English name from the ISO list; the empty string for <c>default(Currency)</c>.</value>
    public string Name => _info?.Name ?? string.Empty;

    /// <summary>Gets how many minor units make one major unit: 10 to the power <see cref="MinorUnits"/> (JPY 1, USD 100, KWD 1000).</summary>
    /// <value>The factor; 1 for <c>default(Currency)</c>.</value>
    public long MinorUnitsPerMajor => _info?.MinorUnitsPerMajor ?? 1;

    /// <summary>Gets a value indicating whether this is <c>default(Currency)</c>, "no currency".</summary>
    /// <value><see langword="true"/> when no currency was set.</value>
    public bool IsDefault => _info is null;

    /// <summary>Returns whether two currencies have the same code.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when the codes are equal.</returns>
    public static bool operator ==(Currency left, Currency right) => left.Equals(right);

    /// <summary>Returns whether two currencies have different codes.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when the codes differ.</returns>
    public static bool operator !=(Currency left, Currency right) => !left.Equals(right);

    /// <summary>Returns whether <paramref name="left"/> sorts before <paramref name="right"/> by code (ordinal).</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when the left code sorts first.</returns>
    public static bool operator <(Currency left, Currency right) => left.CompareTo(right) < 0;

    /// <summary>Returns whether <paramref name="left"/> sorts after <paramref name="right"/> by code (ordinal).</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when the left code sorts last.</returns>
    public static bool operator >(Currency left, Currency right) => left.CompareTo(right) > 0;

    /// <summary>Returns whether <paramref name="left"/> sorts before or with <paramref name="right"/> by code (ordinal).</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> unless the left code sorts last.</returns>
    public static bool operator <=(Currency left, Currency right) => left.CompareTo(right) <= 0;

    /// <summary>Returns whether <paramref name="left"/> sorts after or with <paramref name="right"/> by code (ordinal).</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> unless the left code sorts first.</returns>
    public static bool operator >=(Currency left, Currency right) => left.CompareTo(right) >= 0;

    /// <summary>Returns the current ISO 4217 currency with the given alphabetic code.</summary>
    /// <param name="code">The code exactly as ISO 4217 writes it: three upper-case letters, such as "USD".</param>
    /// <returns>The currency.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownCurrencyException">
    /// The code is not in ISO 4217 (lower case is refused too), was withdrawn, or has "N.A." minor units
    /// (XAU, XTS, XXX...); the message says which.
    /// </exception>
    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (TryFromCode(code, out Currency currency))
        {
            return currency;
        }

        throw new UnknownCurrencyException(code, ExplainRefusal(code), nameof(code));
    }

    /// <summary>Tries to find the current ISO 4217 currency with the given alphabetic code.</summary>
    /// <param name="code">The code exactly as ISO 4217 writes it, such as "USD"; may be <see langword="null"/>.</param>
    /// <param name="currency">The currency when found; otherwise <c>default(Currency)</c>.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> names a current currency with a numeric minor unit.</returns>
    public static bool TryFromCode([NotNullWhen(true)] string? code, out Currency currency)
    {
        if (code is not null
            && Iso4217Table.ByCode.TryGetValue(code, out CurrencyInfo? info)
            && info.Status == Iso4217Status.Current)
        {
            currency = new Currency(info);
            return true;
        }

        currency = default;
        return false;
    }

    /// <summary>Returns whether this currency has the same code as <paramref name="other"/>.</summary>
    /// <param name="other">The currency to compare with.</param>
    /// <returns><see langword="true"/> when the codes are equal (two defaults are equal).</returns>
    public bool Equals(Currency other) =>
        ReferenceEquals(_info, other._info) || string.Equals(Code, other.Code, StringComparison.Ordinal);

    /// <summary>Returns whether <paramref name="obj"/> is a <see cref="Currency"/> with the same code.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is Currency other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Currency)"/>.</summary>
    /// <returns>The ordinal hash of the code.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <summary>Compares codes ordinally; <c>default(Currency)</c> (empty code) sorts first.</summary>
    /// <param name="other">The currency to compare with.</param>
    /// <returns>Negative, zero or positive as this code sorts before, with or after the other.</returns>
    public int CompareTo(Currency other) => string.CompareOrdinal(Code, other.Code);

    /// <summary>Returns the alphabetic code, such as "USD" (empty for <c>default(Currency)</c>).</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Code;

    private static string ExplainRefusal(string code)
    {
        string upper = code.ToUpperInvariant();
        if (Iso4217Table.ByCode.TryGetValue(code, out CurrencyInfo? info))
        {
            return info.Status switch
            {
                Iso4217Status.Withdrawn =>
                    $"Currency code '{code}' ({info.Name}) was withdrawn from ISO 4217 ({info.WithdrawalDate}); amounts in it cannot be created.",
                _ =>
                    $"Currency code '{code}' ({info.Name}) is not a currency: ISO 4217 gives it no minor unit (N.A.), so it cannot carry an amount.",
            };
        }

        // ISO 4217 codes are upper case; accepting "usd" would hide data that was never validated.
        if (!string.Equals(upper, code, StringComparison.Ordinal)
            && Iso4217Table.ByCode.ContainsKey(upper))
        {
            return $"Currency code '{code}' is unknown: ISO 4217 codes are upper case (did you mean '{upper}'?).";
        }

        return $"Currency code '{code}' is unknown: it is not an ISO 4217 alphabetic code.";
    }
}
