using PaymentCore.Monetary;
using PaymentCore.Payments;

namespace PaymentCore.Rules;

/// <summary>
/// A built-in rule that can say what fee it charges on an amount without building its explanation: what
/// <see cref="RuleChain.FeeOn"/> asks at every capture, where the explanation would be thrown away.
/// </summary>
/// <remarks>
/// The answer must equal the fee of an approving <see cref="IPaymentRule.Evaluate"/> on the request moved to
/// the amount with no payer activity, and nothing when that evaluation would not approve or charges no fee.
/// Custom rules are evaluated in full.
/// </remarks>
internal interface IFeeOnlyRule
{
    /// <summary>The fee this rule charges on <paramref name="amount"/>, or <see langword="null"/> when none.</summary>
    /// <param name="request">The payment's request.</param>
    /// <param name="amount">The amount moved, in the request's currency.</param>
    /// <returns>The fee, or <see langword="null"/>.</returns>
    Money? FeeOn(PaymentRequest request, Money amount);
}
