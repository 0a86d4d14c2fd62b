using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>Declines payments in a currency that is not on the list.</summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class AllowedCurrenciesRule : IPaymentRule, IFeeOnlyRule
{
    private readonly HashSet<Currency> _allowed;

    // Written once: every evaluation explains itself with the list.
    private readonly string _allowedText;

    /// <summary>Creates the rule.</summary>
    /// <param name="allowed">The accepted currencies; at least one.</param>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public AllowedCurrenciesRule(params IEnumerable<Currency> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _allowed = [.. allowed];
        if (_allowed.Count == 0)
        {
            throw new ArgumentException("At least one currency must be allowed.", nameof(allowed));
        }

        _allowedText = string.Join(", ", _allowed.Select(c => c.ToString()).Order(StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public string Name => "allowed_currencies";

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        var allowed = _allowedText;
        var outcome = _allowed.Contains(request.Amount.Currency)
            ? RuleOutcome.Approve()
            : RuleOutcome.Decline(DeclineCodes.CurrencyNotAllowed, $"Payments in {request.Amount.Currency} are not accepted.");
        return outcome.WithExplanation(
            $"currency {request.Amount.Currency}; allowed {allowed}",
            new RuleFigure("currency", request.Amount.Currency.ToString()),
            new RuleFigure("allowed", allowed));
    }

    /// <inheritdoc />
    Money? IFeeOnlyRule.FeeOn(PaymentRequest request, Money amount) => null;
}
