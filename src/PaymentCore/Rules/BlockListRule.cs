using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>Declines payments from blocked payers (by instrument token) or to blocked payees.</summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class BlockListRule : IPaymentRule, IFeeOnlyRule
{
    private readonly HashSet<string> _payers;
    private readonly HashSet<string> _payees;

    /// <summary>Creates the rule.</summary>
    /// <param name="blockedPayers">Blocked payer tokens or account ids.</param>
    /// <param name="blockedPayees">Blocked payees.</param>
    public BlockListRule(IEnumerable<string>? blockedPayers = null, IEnumerable<string>? blockedPayees = null)
    {
        _payers = new HashSet<string>(blockedPayers ?? [], StringComparer.Ordinal);
        _payees = new HashSet<string>(blockedPayees ?? [], StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Name => "block_list";

    /// <inheritdoc />
    public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
    {
        // The explanation names no payer token and no payee: only whether each list matched, and the list sizes.
        var sizes = $"{_payers.Count} payers, {_payees.Count} payees listed";
        if (_payers.Contains(request.Payer.Token))
        {
            return RuleOutcome.Decline(DeclineCodes.PayerBlocked, "The payer is blocked.").WithExplanation("payer listed; " + sizes);
        }

        return _payees.Contains(request.Payee)
            ? RuleOutcome.Decline(DeclineCodes.PayeeBlocked, "The payee is blocked.").WithExplanation("payee listed; " + sizes)
            : RuleOutcome.Approve().WithExplanation("neither payer nor payee listed; " + sizes);
    }

    /// <inheritdoc />
    Money? IFeeOnlyRule.FeeOn(PaymentRequest request, Money amount) => null;
}
