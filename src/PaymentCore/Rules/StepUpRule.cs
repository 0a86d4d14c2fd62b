using PaymentCore.Monetary;
using PaymentCore.Payments;

namespace PaymentCore.Rules;

/// <summary>
/// Asks for step-up authentication the way PSD2's strong customer authentication does: a payment needs it unless
/// it is exempt, and an amount at or below the currency's threshold is exempt (the RTS article 16 low-value
/// exemption is 30 EUR). A currency with no threshold is never exempt by amount. Optionally, a payment to a payee
/// the payer has not trusted needs it whatever the amount (article 13's trusted beneficiaries).
/// </summary>
/// <remarks>Immutable; safe to share between threads when <c>isTrustedPayee</c> is.</remarks>
public sealed class StepUpRule : IPaymentRule, IFeeOnlyRule
{
    /// <summary>The reason recorded for an amount above the threshold.</summary>
    public const string AmountAboveThreshold = "amount_above_step_up_threshold";

    /// <summary>The reason recorded for a payee the payer has not trusted.</summary>
    public const string NewPayee = "new_payee";

    /// <summary>The reason recorded for a currency with no threshold.</summary>
    public const string NoThreshold = "no_step_up_threshold";

    private readonly Dictionary<Currency, Money> _thresholds;
    private readonly Func<PaymentRequest, bool>? _isTrustedPayee;
    private readonly string? _method;

    /// <summary>Creates the rule.</summary>
    /// <param name="thresholds">The highest amount per currency that needs no step-up (inclusive); one per currency, not negative.</param>
    /// <param name="isTrustedPayee">
    /// When given, says whether the payer has trusted the request's payee; a payee not trusted needs step-up at any
    /// amount. It must be pure and fast (an in-memory allow-list): rules do no I/O.
    /// </param>
    /// <param name="method">The authenticator method to ask for (<c>totp</c>), or <see langword="null"/> for the processor's first that can challenge the payer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A threshold is negative or its currency repeats.</exception>
    public StepUpRule(IEnumerable<Money> thresholds, Func<PaymentRequest, bool>? isTrustedPayee = null, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _thresholds = [];
        foreach (var threshold in thresholds)
        {
            if (threshold.IsNegative)
            {
                throw new ArgumentException($"The step-up threshold {threshold} is negative.", nameof(thresholds));
            }

            if (!_thresholds.TryAdd(threshold.Currency, threshold))
            {
                throw new ArgumentException($"The step-up threshold for {threshold.Currency} is given twice.", nameof(thresholds));
            }
        }

        _isTrustedPayee = isTrustedPayee;
        _method = method;
    }

    /// <inheritdoc />
    public string Name => "step_up";

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_thresholds.TryGetValue(request.Amount.Currency, out var threshold))
        {
            return RuleOutcome.RequireStepUp(NoThreshold, _method);
        }

        if (request.Amount > threshold)
        {
            return RuleOutcome.RequireStepUp(AmountAboveThreshold, _method);
        }

        return _isTrustedPayee is { } trusted && !trusted(request)
            ? RuleOutcome.RequireStepUp(NewPayee, _method)
            : RuleOutcome.Approve();
    }

    /// <inheritdoc />
    Money? IFeeOnlyRule.FeeOn(PaymentRequest request, Money amount) => null;
}
