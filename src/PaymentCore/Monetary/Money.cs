using System.Globalization;
using System.Numerics;

namespace PaymentCore.Monetary;

/// <summary>
/// An exact amount of money: a whole number of the currency's ISO 4217 minor unit (cents for USD, yen for JPY,
/// fils for KWD) plus its <see cref="Monetary.Currency"/>.
/// </summary>
/// <remarks>
/// <para>Amounts are <see cref="long"/> minor units, as card networks and processors exchange them, so there is
/// nothing to round: arithmetic is integer arithmetic and overflow throws instead of wrapping. There is no
/// <see langword="double"/> or <see langword="float"/> anywhere: binary fractions cannot hold 0.10 exactly.</para>
/// <para>Factories refuse precision the currency does not have (10.005 USD) rather than rounding it away: a
/// silently rounded amount is a different amount than the one the caller meant, and the difference would show
/// up later as a reconciliation break. Round explicitly, with the rule your contract names, before calling.</para>
/// <para>Operations on two amounts of different currencies throw <see cref="CurrencyMismatchException"/>;
/// equality of different currencies is simply <see langword="false"/>.</para>
/// <para><c>default(Money)</c> has no currency; it formats as "0 (no currency)" and every factory refuses a
/// default currency.</para>
/// <para>Thread safety: immutable, safe to share between threads.</para>
/// </remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>, IComparable, IFormattable
{
    private readonly long _minorUnits;
    private readonly Currency _currency;

    /// <summary>Initializes a new amount of <paramref name="minorUnits"/> minor units of <paramref name="currency"/>.</summary>
    /// <param name="minorUnits">The amount in the currency's minor unit, such as 1005 for 10.05 USD.</param>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is <c>default(Currency)</c>.</exception>
    public Money(long minorUnits, Currency currency)
    {
        RequireCurrency(currency);
        _minorUnits = minorUnits;
        _currency = currency;
    }

    // Skips the check: used only where the currency comes from an existing amount, so that operations on
    // default(Money) values (which already exist) do not throw for a reason unrelated to the operation.
    private Money(Currency currency, long minorUnits)
    {
        _minorUnits = minorUnits;
        _currency = currency;
    }

    /// <summary>Gets the amount in the currency's minor unit (1005 for 10.05 USD, 1000 for 1000 JPY).</summary>
    /// <value>The whole number of minor units; negative for debits and refunds.</value>
    public long MinorUnits => _minorUnits;

    /// <summary>Gets the currency of the amount.</summary>
    /// <value>The currency; <c>default(Currency)</c> only for <c>default(Money)</c>.</value>
    public Currency Currency => _currency;

    /// <summary>Gets a value indicating whether the amount is zero.</summary>
    /// <value><see langword="true"/> when <see cref="MinorUnits"/> is 0.</value>
    public bool IsZero => _minorUnits == 0;

    /// <summary>Gets a value indicating whether the amount is greater than zero.</summary>
    /// <value><see langword="true"/> when <see cref="MinorUnits"/> is positive.</value>
    public bool IsPositive => _minorUnits > 0;

    /// <summary>Gets a value indicating whether the amount is less than zero.</summary>
    /// <value><see langword="true"/> when <see cref="MinorUnits"/> is negative.</value>
    public bool IsNegative => _minorUnits < 0;

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The sum does not fit in a <see cref="long"/> of minor units.</exception>
    public static Money operator +(Money left, Money right) => Add(left, right);

    /// <summary>Subtracts <paramref name="right"/> from <paramref name="left"/>; both must have the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The difference does not fit in a <see cref="long"/> of minor units.</exception>
    public static Money operator -(Money left, Money right) => Subtract(left, right);

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="long.MinValue"/> minor units.</exception>
    public static Money operator -(Money value) => Negate(value);

    /// <summary>Returns the amount unchanged.</summary>
    /// <param name="value">The amount.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static Money operator +(Money value) => value;

    /// <summary>Returns whether two amounts have the same currency and the same number of minor units.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when equal; <see langword="false"/> for different currencies.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Returns whether two amounts differ in currency or in minor units.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Returns whether <paramref name="left"/> is less than <paramref name="right"/>.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison result.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Returns whether <paramref name="left"/> is greater than <paramref name="right"/>.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison result.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Returns whether <paramref name="left"/> is less than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison result.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Returns whether <paramref name="left"/> is greater than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The comparison result.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Returns zero in <paramref name="currency"/>.</summary>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <returns>An amount of 0 minor units.</returns>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is <c>default(Currency)</c>.</exception>
    public static Money Zero(Currency currency) => new(0, currency);

    /// <summary>Returns an amount of <paramref name="minorUnits"/> minor units of <paramref name="currency"/>.</summary>
    /// <param name="minorUnits">The amount in minor units, such as 1005 for 10.05 USD.</param>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is <c>default(Currency)</c>.</exception>
    public static Money FromMinor(long minorUnits, Currency currency) => new(minorUnits, currency);

    /// <summary>
    /// Returns the amount <paramref name="amount"/> in major units (10.05 for ten dollars five cents), refusing
    /// any precision the currency does not have. Trailing zeros are fine (10.50 USD, 100.0 JPY); it never rounds.
    /// </summary>
    /// <param name="amount">The amount in major units.</param>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <returns>The exact amount.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="currency"/> is <c>default(Currency)</c>, or <paramref name="amount"/> has more decimal
    /// places than the currency's minor units (10.005 USD, 1.5 JPY).
    /// </exception>
    /// <exception cref="OverflowException">The amount in minor units does not fit in a <see cref="long"/>.</exception>
    public static Money FromMajor(decimal amount, Currency currency)
    {
        RequireCurrency(currency);
        return ConvertMajor(amount, currency, out Money money) switch
        {
            ConversionResult.Ok => money,
            ConversionResult.TooPrecise => throw TooPrecise(amount.ToString(CultureInfo.InvariantCulture), currency, nameof(amount)),
            _ => throw new OverflowException(
                $"Amount {amount.ToString(CultureInfo.InvariantCulture)} {currency.Code} does not fit in a 64-bit count of minor units."),
        };
    }

    /// <summary>Tries to make an amount from major units without rounding; see <see cref="FromMajor"/>.</summary>
    /// <param name="amount">The amount in major units.</param>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <param name="money">The amount when it succeeds; otherwise <c>default(Money)</c>.</param>
    /// <returns>
    /// <see langword="true"/> when the amount has no more decimal places than the currency and fits in a
    /// <see cref="long"/> of minor units.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is <c>default(Currency)</c>: that is a
    /// programming error, not bad data.</exception>
    public static bool TryFromMajor(decimal amount, Currency currency, out Money money)
    {
        RequireCurrency(currency);
        return ConvertMajor(amount, currency, out money) == ConversionResult.Ok;
    }

    /// <summary>
    /// Parses plain invariant decimal notation in major units ("10.05", "-3", "1000", "10.50"): an optional
    /// sign, digits, and optionally a point followed by digits. No thousands separators, exponent, currency
    /// code or white space. Precision the currency lacks is refused, as in <see cref="FromMajor"/>.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <returns>The exact amount.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="currency"/> is <c>default(Currency)</c>, or the text has non-zero digits beyond the
    /// currency's minor units ("10.005" for USD).
    /// </exception>
    /// <exception cref="FormatException">The text is not plain decimal notation.</exception>
    /// <exception cref="OverflowException">The amount in minor units does not fit in a <see cref="long"/>.</exception>
    public static Money Parse(string text, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(text);
        RequireCurrency(currency);
        return ParseCore(text, currency, out Money money) switch
        {
            ConversionResult.Ok => money,
            ConversionResult.TooPrecise => throw TooPrecise(text, currency, nameof(text)),
            ConversionResult.Overflow => throw new OverflowException(
                $"Amount '{text}' {currency.Code} does not fit in a 64-bit count of minor units."),
            _ => throw new FormatException(
                $"'{text}' is not a plain decimal amount: expected an optional sign, digits and an optional '.' with digits, invariant culture, such as \"10.05\" or \"-3\"."),
        };
    }

    /// <summary>Tries to parse plain invariant decimal notation in major units; see <see cref="Parse"/>.</summary>
    /// <param name="text">The text to parse; may be <see langword="null"/>.</param>
    /// <param name="currency">The currency; must not be <c>default(Currency)</c>.</param>
    /// <param name="money">The amount when it succeeds; otherwise <c>default(Money)</c>.</param>
    /// <returns><see langword="true"/> when the text is a valid, exact, in-range amount.</returns>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is <c>default(Currency)</c>: that is a
    /// programming error, not bad data.</exception>
    public static bool TryParse(string? text, Currency currency, out Money money)
    {
        RequireCurrency(currency);
        if (text is null)
        {
            money = default;
            return false;
        }

        return ParseCore(text, currency, out money) == ConversionResult.Ok;
    }

    /// <summary>Adds two amounts of the same currency; the named form of <c>+</c>.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The sum does not fit in a <see cref="long"/> of minor units.</exception>
    public static Money Add(Money left, Money right)
    {
        RequireSameCurrency(left, right);
        return new Money(left._currency, checked(left._minorUnits + right._minorUnits));
    }

    /// <summary>Subtracts <paramref name="right"/> from <paramref name="left"/>; the named form of binary <c>-</c>.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The difference does not fit in a <see cref="long"/> of minor units.</exception>
    public static Money Subtract(Money left, Money right)
    {
        RequireSameCurrency(left, right);
        return new Money(left._currency, checked(left._minorUnits - right._minorUnits));
    }

    /// <summary>Negates an amount; the named form of unary <c>-</c>.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="long.MinValue"/> minor units.</exception>
    public static Money Negate(Money value) => new(value._currency, checked(-value._minorUnits));

    /// <summary>Returns the amount unchanged; the named form of unary <c>+</c>.</summary>
    /// <param name="value">The amount.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static Money Plus(Money value) => value;

    /// <summary>Returns the smaller of two amounts of the same currency (the first when equal).</summary>
    /// <param name="a">The first amount.</param>
    /// <param name="b">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money Min(Money a, Money b) => a.CompareTo(b) <= 0 ? a : b;

    /// <summary>Returns the larger of two amounts of the same currency (the first when equal).</summary>
    /// <param name="a">The first amount.</param>
    /// <param name="b">The second amount.</param>
    /// <returns>The larger amount.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public static Money Max(Money a, Money b) => a.CompareTo(b) >= 0 ? a : b;

    /// <summary>Returns the amount in major units, exactly (1005 cents → 10.05), with <see cref="Monetary.Currency.MinorUnits"/> decimal places.</summary>
    /// <returns>The exact decimal amount; a <see cref="long"/> of minor units with at most 4 decimals always fits.</returns>
    public decimal ToMajor()
    {
        // Built from the integer and the ISO exponent as the decimal's scale: exact by construction, and the
        // scale keeps the currency's decimal places (10.50, not 10.5).
        bool negative = _minorUnits < 0;
        ulong magnitude = negative ? unchecked(0UL - (ulong)_minorUnits) : (ulong)_minorUnits;
        return new decimal(
            unchecked((int)(uint)magnitude),
            unchecked((int)(uint)(magnitude >> 32)),
            0,
            negative,
            (byte)_currency.MinorUnits);
    }

    /// <summary>Multiplies the amount by a whole factor, such as a quantity.</summary>
    /// <param name="factor">The factor.</param>
    /// <returns>The product.</returns>
    /// <exception cref="OverflowException">The product does not fit in a <see cref="long"/> of minor units.</exception>
    public Money Multiply(long factor) => new(_currency, checked(_minorUnits * factor));

    /// <summary>
    /// Multiplies the amount by a decimal rate (a fee percentage, a tax rate) and rounds the exact product to a
    /// whole minor unit with <paramref name="rounding"/>. 2.9% of 10.05 USD is 29.145 cents, which rounds to 29
    /// cents half-to-even.
    /// </summary>
    /// <param name="rate">The rate, such as 0.029m for 2.9%; may be negative.</param>
    /// <param name="rounding">
    /// How to round to a whole minor unit: <see cref="MidpointRounding.ToEven"/> (the default, banker's
    /// rounding, unbiased over many fees) and <see cref="MidpointRounding.AwayFromZero"/> round to nearest;
    /// <see cref="MidpointRounding.ToZero"/>, <see cref="MidpointRounding.ToNegativeInfinity"/> and
    /// <see cref="MidpointRounding.ToPositiveInfinity"/> are directed, as in <see cref="Math.Round(decimal, MidpointRounding)"/>.
    /// </param>
    /// <returns>The rounded product.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rounding"/> is not a defined mode.</exception>
    /// <exception cref="OverflowException">The rounded product does not fit in a <see cref="long"/> of minor units.</exception>
    public Money MultiplyByRate(decimal rate, MidpointRounding rounding = MidpointRounding.ToEven)
    {
        if (!Enum.IsDefined(rounding))
        {
            throw new ArgumentOutOfRangeException(nameof(rounding), rounding, "Unknown rounding mode.");
        }

        // decimal * decimal would round to 28-29 significant digits before we round to a minor unit (double
        // rounding). Instead: rate = mantissa / 10^scale, so the product is exactly minor * mantissa / 10^scale.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rate, bits);
        // The 96-bit mantissa's words are unsigned; reinterpreting them must not be overflow-checked.
        BigInteger mantissa = ((BigInteger)unchecked((uint)bits[2]) << 64)
            | ((BigInteger)unchecked((uint)bits[1]) << 32)
            | unchecked((uint)bits[0]);
        if (bits[3] < 0)
        {
            mantissa = -mantissa;
        }

        BigInteger numerator = _minorUnits * mantissa;
        BigInteger denominator = BigInteger.Pow(10, rate.Scale);
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        if (!remainder.IsZero)
        {
            int sign = numerator.Sign;
            int half = (BigInteger.Abs(remainder) * 2).CompareTo(denominator);
            bool awayFromZero = rounding switch
            {
                MidpointRounding.ToEven => half > 0 || (half == 0 && !quotient.IsEven),
                MidpointRounding.AwayFromZero => half >= 0,
                MidpointRounding.ToNegativeInfinity => sign < 0,
                MidpointRounding.ToPositiveInfinity => sign > 0,
                _ => false, // ToZero: truncation, which DivRem already did.
            };
            if (awayFromZero)
            {
                quotient += sign;
            }
        }

        if (quotient < long.MinValue || quotient > long.MaxValue)
        {
            throw new OverflowException(
                $"{ToString()} multiplied by {rate.ToString(CultureInfo.InvariantCulture)} does not fit in a 64-bit count of minor units.");
        }

        return new Money(_currency, (long)quotient);
    }

    /// <summary>Returns the absolute value of the amount.</summary>
    /// <returns>The amount without its sign.</returns>
    /// <exception cref="OverflowException">The amount is <see cref="long.MinValue"/> minor units.</exception>
    public Money Abs() => _minorUnits < 0 ? Negate(this) : this;

    /// <summary>Splits the amount by ratios with no minor unit lost; see <see cref="Allocate(ReadOnlySpan{long})"/>.</summary>
    /// <param name="ratios">The non-negative ratios, at least one positive.</param>
    /// <returns>One amount per ratio, in order, summing exactly to this amount.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratios"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The ratios are empty, contain a negative value, or sum to zero.</exception>
    public IReadOnlyList<Money> Allocate(params long[] ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        return Allocate(new ReadOnlySpan<long>(ratios));
    }

    /// <summary>
    /// Splits the amount by <paramref name="ratios"/> so the parts sum exactly to the whole, using the
    /// largest-remainder method: each part gets the floor of its exact share, then the leftover minor units go
    /// one each to the parts with the largest remainders, ties to the earliest part. 100 by 1:1:1 gives 34, 33,
    /// 33; a negative amount is split as its mirror (-100 gives -34, -33, -33). Every part is within one minor
    /// unit of its exact share, and a zero ratio always gets zero.
    /// </summary>
    /// <param name="ratios">The non-negative ratios, at least one positive.</param>
    /// <returns>One amount per ratio, in order, summing exactly to this amount.</returns>
    /// <exception cref="ArgumentException">The ratios are empty, contain a negative value, or sum to zero.</exception>
    public IReadOnlyList<Money> Allocate(ReadOnlySpan<long> ratios)
    {
        if (ratios.IsEmpty)
        {
            throw new ArgumentException("At least one ratio is needed to allocate an amount.", nameof(ratios));
        }

        // Int128 throughout: |amount| * ratio < 2^126 and a sum of ratios cannot overflow, whatever the inputs.
        Int128 total = 0;
        foreach (long ratio in ratios)
        {
            if (ratio < 0)
            {
                throw new ArgumentException($"Ratios must not be negative; got {ratio}.", nameof(ratios));
            }

            total += ratio;
        }

        if (total == 0)
        {
            throw new ArgumentException("Ratios must not all be zero: there is nothing to allocate by.", nameof(ratios));
        }

        // Allocate the magnitude and mirror the sign, so -100 splits as -(34, 33, 33) and not toward -infinity.
        Int128 magnitude = Int128.Abs(_minorUnits);
        var shares = new Int128[ratios.Length];
        var remainders = new Int128[ratios.Length];
        Int128 allocated = 0;
        for (int i = 0; i < ratios.Length; i++)
        {
            Int128 product = magnitude * ratios[i];
            shares[i] = product / total;
            remainders[i] = product % total;
            allocated += shares[i];
        }

        // leftover < number of parts with a non-zero remainder, so zero ratios (remainder 0) never get one.
        long leftover = (long)(magnitude - allocated);
        if (leftover > 0)
        {
            int[] order = new int[ratios.Length];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            // Largest remainder first; equal remainders keep index order (ties to the earliest part).
            Array.Sort(order, (x, y) =>
            {
                int byRemainder = remainders[y].CompareTo(remainders[x]);
                return byRemainder != 0 ? byRemainder : x.CompareTo(y);
            });
            for (int k = 0; k < leftover; k++)
            {
                shares[order[k]] += 1;
            }
        }

        var parts = new Money[ratios.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = new Money(_currency, (long)(_minorUnits < 0 ? -shares[i] : shares[i]));
        }

        return Array.AsReadOnly(parts);
    }

    /// <summary>
    /// Returns whether the amount is a whole multiple of <paramref name="minorUnitStep"/> minor units; for
    /// processors that require, for example, the last digit of a 3-decimal amount to be 0 (step 10).
    /// </summary>
    /// <param name="minorUnitStep">The step in minor units; must be positive.</param>
    /// <returns><see langword="true"/> when the amount divides evenly by the step (zero always does).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minorUnitStep"/> is zero or negative.</exception>
    public bool IsMultipleOf(long minorUnitStep)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minorUnitStep);
        return _minorUnits % minorUnitStep == 0;
    }

    /// <summary>Returns whether <paramref name="other"/> has the same currency and number of minor units.</summary>
    /// <param name="other">The amount to compare with.</param>
    /// <returns><see langword="true"/> when equal; <see langword="false"/> for different currencies (no exception).</returns>
    public bool Equals(Money other) => _minorUnits == other._minorUnits && _currency.Equals(other._currency);

    /// <summary>Returns whether <paramref name="obj"/> is an equal <see cref="Money"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Money)"/>.</summary>
    /// <returns>A hash of the minor units and the currency.</returns>
    public override int GetHashCode() => HashCode.Combine(_minorUnits, _currency);

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="other">The amount to compare with.</param>
    /// <returns>Negative, zero or positive as this amount is less than, equal to or greater than <paramref name="other"/>.</returns>
    /// <exception cref="CurrencyMismatchException">The currencies differ: there is no meaningful order between them.</exception>
    public int CompareTo(Money other)
    {
        RequireSameCurrency(this, other);
        return _minorUnits.CompareTo(other._minorUnits);
    }

    /// <summary>Compares with another boxed <see cref="Money"/> of the same currency.</summary>
    /// <param name="obj">The object to compare with; <see langword="null"/> sorts first.</param>
    /// <returns>Negative, zero or positive as for <see cref="CompareTo(Money)"/>; positive for <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="Money"/>.</exception>
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Money other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare Money with {obj.GetType()}.", nameof(obj)),
    };

    /// <summary>
    /// Returns the amount with exactly the currency's minor units as decimals, a space and the code, in the
    /// invariant culture: "10.05 USD", "1000 JPY", "1.234 KWD", "-0.50 EUR"; "0 (no currency)" for <c>default(Money)</c>.
    /// </summary>
    /// <returns>The formatted amount.</returns>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the amount in the invariant culture.</summary>
    /// <param name="format">
    /// <see langword="null"/>, empty or "G": number and code ("10.05 USD"); "N": number only with exactly the
    /// currency's minor units as decimals ("10.05"). Case-insensitive.
    /// </param>
    /// <param name="formatProvider">Ignored: amounts exchanged with processors are always invariant; localized display belongs to the UI.</param>
    /// <returns>The formatted amount.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is not one of the supported formats.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        bool withCode = format switch
        {
            null or "" or "G" or "g" => true,
            "N" or "n" => false,
            _ => throw new FormatException($"Unknown Money format '{format}': use \"G\" (\"10.05 USD\") or \"N\" (\"10.05\")."),
        };
        string number = FormatNumber();
        if (!withCode)
        {
            return number;
        }

        return _currency.IsDefault ? number + " (no currency)" : number + " " + _currency.Code;
    }

    private string FormatNumber()
    {
        int decimals = _currency.MinorUnits;
        bool negative = _minorUnits < 0;
        ulong magnitude = negative ? unchecked(0UL - (ulong)_minorUnits) : (ulong)_minorUnits;
        string sign = negative ? "-" : string.Empty;
        if (decimals == 0)
        {
            return sign + magnitude.ToString(CultureInfo.InvariantCulture);
        }

        ulong per = (ulong)_currency.MinorUnitsPerMajor;
        string whole = (magnitude / per).ToString(CultureInfo.InvariantCulture);
        string fraction = (magnitude % per).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return sign + whole + "." + fraction;
    }

    private static ConversionResult ConvertMajor(decimal amount, Currency currency, out Money money)
    {
        money = default;

        // Rounding to the currency's exponent changes the value exactly when the amount has digits the currency
        // cannot hold; trailing zeros (10.50, 100.0) survive the comparison, which is by value.
        if (decimal.Round(amount, currency.MinorUnits, MidpointRounding.ToZero) != amount)
        {
            return ConversionResult.TooPrecise;
        }

        // Exact: at most 4 decimals times 10^MinorUnits is an integer; a value this large is out of range anyway.
        decimal scaled;
        try
        {
            scaled = amount * currency.MinorUnitsPerMajor;
        }
        catch (OverflowException)
        {
            return ConversionResult.Overflow;
        }

        if (scaled < long.MinValue || scaled > long.MaxValue)
        {
            return ConversionResult.Overflow;
        }

        money = new Money(currency, (long)scaled);
        return ConversionResult.Ok;
    }

    private static ConversionResult ParseCore(string text, Currency currency, out Money money)
    {
        money = default;

        // Hand-written rather than decimal.Parse: decimal.Parse rounds beyond 28-29 digits, which would accept
        // "1.00000000000000000000000000001" as 1 USD; here every digit is seen.
        ReadOnlySpan<char> s = text;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        int point = s.IndexOf('.');
        ReadOnlySpan<char> whole = point < 0 ? s : s[..point];
        ReadOnlySpan<char> fraction = point < 0 ? [] : s[(point + 1)..];
        if (whole.IsEmpty || (point >= 0 && fraction.IsEmpty)
            || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9'))
        {
            return ConversionResult.Invalid;
        }

        int decimals = currency.MinorUnits;
        if (fraction.Length > decimals)
        {
            // Trailing zeros are fine ("10.500" USD); any other digit is precision the currency lacks.
            if (fraction[decimals..].ContainsAnyExcept('0'))
            {
                return ConversionResult.TooPrecise;
            }

            fraction = fraction[..decimals];
        }

        // Accumulate the magnitude in minor units; 2^63 is allowed so that long.MinValue parses.
        UInt128 limit = negative ? (UInt128)long.MaxValue + 1 : long.MaxValue;
        UInt128 value = 0;
        foreach (char c in whole)
        {
            value = (value * 10) + (uint)(c - '0');
            if (value > limit)
            {
                return ConversionResult.Overflow;
            }
        }

        for (int i = 0; i < decimals; i++)
        {
            value = (value * 10) + (i < fraction.Length ? (uint)(fraction[i] - '0') : 0);
            if (value > limit)
            {
                return ConversionResult.Overflow;
            }
        }

        long minor = negative ? (long)(0 - (Int128)value) : (long)value;
        money = new Money(currency, minor);
        return ConversionResult.Ok;
    }

    private static ArgumentException TooPrecise(string amount, Currency currency, string paramName) =>
        new(
            $"Amount {amount} has more decimal places than {currency.Code} allows: ISO 4217 gives {currency.Code} "
            + $"{currency.MinorUnits} minor unit(s). Money never rounds silently; round explicitly first.",
            paramName);

    private static void RequireCurrency(Currency currency)
    {
        if (currency.IsDefault)
        {
            throw new ArgumentException("A currency is required: default(Currency) means no currency.", nameof(currency));
        }
    }

    private static void RequireSameCurrency(Money left, Money right)
    {
        if (left._currency != right._currency)
        {
            throw new CurrencyMismatchException(left._currency, right._currency);
        }
    }

    private enum ConversionResult
    {
        Ok,
        TooPrecise,
        Overflow,
        Invalid,
    }
}
