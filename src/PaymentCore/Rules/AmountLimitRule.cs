using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>
/// Declines amounts outside a minimum and maximum per currency. A currency without limits is not limited by
/// this rule (combine it with <see cref="AllowedCurrenciesRule"/> to refuse other currencies).
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class AmountLimitRule : IPaymentRule, IFeeOnlyRule
{
    private readonly Dictionary<Currency, (Money? Min, Money? Max)> _limits;

    // The limits as every evaluation's explanation writes them, made once.
    private readonly Dictionary<Currency, (string Min, string Max)> _texts = [];

    /// <summary>Creates the rule.</summary>
    /// <param name="limits">Per currency, an inclusive minimum and maximum; either may be <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A limit's currency differs from its key, or the minimum exceeds the maximum.</exception>
    public AmountLimitRule(IEnumerable<KeyValuePair<Currency, (Money? Min, Money? Max)>> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = [];
        foreach (var (currency, (min, max)) in limits)
        {
            if ((min is { } a && a.Currency != currency) || (max is { } b && b.Currency != currency))
            {
                throw new ArgumentException($"The limits for {currency} must be in {currency}.", nameof(limits));
            }

            if (min is { } lo && max is { } hi && lo > hi)
            {
                throw new ArgumentException($"The minimum {lo} exceeds the maximum {hi}.", nameof(limits));
            }

            _limits[currency] = (min, max);
            _texts[currency] = (min?.ToString() ?? "none", max?.ToString() ?? "none");
        }
    }

    /// <summary>Creates a rule with only maximums.</summary>
    /// <param name="maximums">The inclusive maximum per currency.</param>
    /// <returns>The rule.</returns>
    public static AmountLimitRule Maximum(params Money[] maximums) =>
        new(maximums.Select(m => new KeyValuePair<Currency, (Money?, Money?)>(m.Currency, (null, m))));

    /// <inheritdoc />
    public string Name => "amount_limit";

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        var has = _texts.TryGetValue(request.Amount.Currency, out var limits);
        var min = has ? limits.Min : "none";
        var max = has ? limits.Max : "none";
        var amount = request.Amount.ToString();
        return Decide(request).WithExplanation(
            has ? $"amount {amount}; limits {min} to {max}" : $"amount {amount}; no limit for {request.Amount.Currency}",
            new RuleFigure("amount", amount),
            new RuleFigure("min", min),
            new RuleFigure("max", max));
    }

    private RuleOutcome Decide(PaymentRequest request)
    {
        if (_limits.TryGetValue(request.Amount.Currency, out var limit))
        {
            if (limit.Max is { } max && request.Amount > max)
            {
                return RuleOutcome.Decline(DeclineCodes.AmountTooLarge, $"The amount {request.Amount} is above the limit of {max}.");
            }

            if (limit.Min is { } min && request.Amount < min)
            {
                return RuleOutcome.Decline(DeclineCodes.AmountTooSmall, $"The amount {request.Amount} is below the minimum of {min}.");
            }
        }

        return RuleOutcome.Approve();
    }

    /// <inheritdoc />
    Money? IFeeOnlyRule.FeeOn(PaymentRequest request, Money amount) => null;
}
