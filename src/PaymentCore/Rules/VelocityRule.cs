using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>
/// Declines when the payer's payments in a sliding window, this one included, would exceed a count or a sum.
/// Activity is counted per currency; payments declined or failed do not count.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class VelocityRule : IPaymentRule, IFeeOnlyRule
{
    private readonly int? _maxCount;
    private readonly Dictionary<Currency, Money> _maxSums;

    /// <summary>Creates the rule.</summary>
    /// <param name="window">The sliding window, ending now; positive.</param>
    /// <param name="maxCount">The most payments allowed in the window, this one included; <see langword="null"/> for no count limit.</param>
    /// <param name="maxSums">The most a payer may pay in the window, this payment included, per currency.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window is not positive or the count is below one.</exception>
    public VelocityRule(TimeSpan window, int? maxCount = null, params IEnumerable<Money> maxSums)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        if (maxCount is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count limit must be at least 1.");
        }

        Window = window;
        _maxCount = maxCount;
        _maxSums = (maxSums ?? []).ToDictionary(m => m.Currency);
    }

    /// <summary>Gets the sliding window.</summary>
    public TimeSpan Window { get; }

    /// <inheritdoc />
    public string Name => "velocity";

    /// <inheritdoc />
    public TimeSpan? ActivityWindow => Window;

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        var activity = context.GetActivity(Window);
        var outcome = Decide(request, activity);

        // "4 payments, 350.00 EUR in 24 h; limit 5 / 500.00 EUR": the figures the decision was made on, for the audit.
        var sum = activity.Sum.Currency.IsDefault ? Money.Zero(request.Amount.Currency) : activity.Sum;
        var hasSum = _maxSums.TryGetValue(request.Amount.Currency, out var maxSum);
        var limit = (_maxCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none") + " / " + (hasSum ? maxSum.ToString() : "none");
        var window = RuleText.Window(Window);
        return outcome.WithExplanation(
            $"{activity.Count} payments, {sum} in {window}; limit {limit}",
            new RuleFigure("count", activity.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new RuleFigure("sum", sum.ToString()),
            new RuleFigure("window", window),
            new RuleFigure("max_count", _maxCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"),
            new RuleFigure("max_sum", hasSum ? maxSum.ToString() : "none"),
            new RuleFigure("amount", request.Amount.ToString()));
    }

    private RuleOutcome Decide(PaymentRequest request, PayerActivity activity)
    {
        if (_maxCount is { } maxCount && activity.Count + 1 > maxCount)
        {
            return RuleOutcome.Decline(DeclineCodes.VelocityCountExceeded, $"The payer made {activity.Count} payments in the last {Window}; at most {maxCount} are allowed.");
        }

        if (_maxSums.TryGetValue(request.Amount.Currency, out var maxSum))
        {
            // Compared as "activity > max - amount" so a sum past long.MaxValue declines instead of overflowing.
            var exceeds = activity.Sum.Currency.IsDefault ? request.Amount > maxSum : activity.Sum > maxSum - request.Amount;
            if (exceeds)
            {
                var sum = activity.Sum.Currency.IsDefault ? request.Amount.ToString()
                    : activity.Sum.MinorUnits <= long.MaxValue - request.Amount.MinorUnits ? (activity.Sum + request.Amount).ToString()
                    : "more than " + Money.FromMinor(long.MaxValue, request.Amount.Currency);
                return RuleOutcome.Decline(DeclineCodes.VelocityAmountExceeded, $"The payer would pay {sum} in the last {Window}; at most {maxSum} is allowed.");
            }
        }

        return RuleOutcome.Approve();
    }

    /// <inheritdoc />
    Money? IFeeOnlyRule.FeeOn(PaymentRequest request, Money amount) => null;
}
