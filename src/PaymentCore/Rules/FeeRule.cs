using PaymentCore.Monetary;
using PaymentCore.Payments;

namespace PaymentCore.Rules;

/// <summary>
/// Charges a fee per currency (<see cref="FeeSchedule"/>); approves every payment. A currency without a schedule
/// pays no fee. The fee never exceeds the amount, so net plus fee always equals gross.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class FeeRule : IPaymentRule, IFeeOnlyRule
{
    private readonly Dictionary<Currency, FeeSchedule> _schedules;

    // Each schedule's rate and fixed part as every evaluation's explanation writes them, made once.
    private readonly Dictionary<Currency, (string Rate, string Fixed)> _texts = [];

    /// <summary>Creates the rule.</summary>
    /// <param name="schedules">The schedule per currency.</param>
    /// <exception cref="ArgumentException">A schedule mixes currencies, has a negative rate or part, or a minimum above its maximum.</exception>
    public FeeRule(IEnumerable<KeyValuePair<Currency, FeeSchedule>> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        _schedules = [];
        foreach (var (currency, s) in schedules)
        {
            if (s.Fixed.Currency != currency || (s.Minimum is { } mi && mi.Currency != currency) || (s.Maximum is { } ma && ma.Currency != currency))
            {
                throw new ArgumentException($"The fee schedule for {currency} must be in {currency}.", nameof(schedules));
            }

            if (s.Rate < 0 || s.Fixed.IsNegative || s.Minimum is { IsNegative: true })
            {
                throw new ArgumentException($"The fee schedule for {currency} has a negative part.", nameof(schedules));
            }

            if (s.Minimum is { } lo && s.Maximum is { } hi && lo > hi)
            {
                throw new ArgumentException($"The fee minimum {lo} exceeds the maximum {hi}.", nameof(schedules));
            }

            _schedules[currency] = s;
            _texts[currency] = (s.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Fixed.ToString());
        }
    }

    /// <summary>Creates a rule with one schedule.</summary>
    /// <param name="currency">The currency.</param>
    /// <param name="rate">The percentage as a fraction (0.029 for 2.9 %).</param>
    /// <param name="fixedMinorUnits">The fixed part in minor units.</param>
    /// <returns>The rule.</returns>
    public static FeeRule For(Currency currency, decimal rate, long fixedMinorUnits = 0) =>
        new([new(currency, new FeeSchedule(rate, Money.FromMinor(fixedMinorUnits, currency)))]);

    /// <inheritdoc />
    public string Name => "fee";

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        if (!_schedules.TryGetValue(request.Amount.Currency, out var schedule))
        {
            return RuleOutcome.Approve().WithExplanation($"no fee schedule for {request.Amount.Currency}");
        }

        // A fee larger than the payment would make the net negative: cap it at the amount.
        var fee = Money.Min(schedule.FeeFor(request.Amount), request.Amount);
        var (rate, fixedPart) = _texts[request.Amount.Currency];
        var feeText = fee.ToString();
        var amount = request.Amount.ToString();
        return RuleOutcome.ApproveWithFee(fee).WithExplanation(
            $"fee {feeText} on {amount} (rate {rate}, fixed {fixedPart})",
            new RuleFigure("fee", feeText),
            new RuleFigure("amount", amount),
            new RuleFigure("rate", rate),
            new RuleFigure("fixed", fixedPart));
    }

    /// <inheritdoc />
    Money? IFeeOnlyRule.FeeOn(PaymentRequest request, Money amount) =>
        _schedules.TryGetValue(amount.Currency, out var schedule) ? Money.Min(schedule.FeeFor(amount), amount) : null;
}
