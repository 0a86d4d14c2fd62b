using PaymentCore.Monetary;

namespace PaymentCore.Rules;

/// <summary>A fee for one currency: a percentage of the amount plus a fixed part, clamped to a minimum and maximum.</summary>
/// <param name="Rate">The percentage as a fraction: 0.029 for 2.9 %. Not negative.</param>
/// <param name="Fixed">The fixed part, in the schedule's currency.</param>
/// <param name="Minimum">The smallest fee, or <see langword="null"/>.</param>
/// <param name="Maximum">The largest fee, or <see langword="null"/>.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record FeeSchedule(decimal Rate, Money Fixed, Money? Minimum = null, Money? Maximum = null)
{
    /// <summary>Computes the fee for an amount: rate × amount rounded half to even in minor units, plus the fixed part, clamped.</summary>
    /// <param name="amount">The payment amount, in the schedule's currency.</param>
    /// <returns>The fee.</returns>
    public Money FeeFor(Money amount)
    {
        // Half to even (banker's rounding) so that, over many payments, rounding neither favours the merchant nor us.
        var fee = amount.MultiplyByRate(Rate, MidpointRounding.ToEven) + Fixed;
        if (Minimum is { } min && fee < min)
        {
            fee = min;
        }

        if (Maximum is { } max && fee > max)
        {
            fee = max;
        }

        return fee;
    }
}
