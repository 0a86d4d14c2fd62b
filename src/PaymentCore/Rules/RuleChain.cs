using System.Collections.Immutable;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Rules;

/// <summary>
/// Runs rules in order: the first decline wins and stops the chain; the fees of approving rules add up; the first
/// rule that asks for step-up is kept (the chain goes on, so a later decline still declines).
/// </summary>
/// <remarks>Immutable; safe to share between threads when its rules are.</remarks>
public sealed class RuleChain
{
    private readonly IPaymentRule[] _rules;

    /// <summary>Creates a chain.</summary>
    /// <param name="rules">The rules, in the order they run.</param>
    public RuleChain(IEnumerable<IPaymentRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        var windows = new List<TimeSpan>();
        foreach (var rule in _rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            if (rule.ActivityWindow is { } w && !windows.Contains(w))
            {
                windows.Add(w);
            }
        }

        ActivityWindows = windows;
    }

    /// <summary>Gets the rules, in order.</summary>
    public IReadOnlyList<IPaymentRule> Rules => _rules;

    /// <summary>Gets the distinct activity windows the rules read.</summary>
    public IReadOnlyList<TimeSpan> ActivityWindows { get; }

    /// <summary>Evaluates the chain.</summary>
    /// <param name="request">The request; valid.</param>
    /// <param name="context">The context.</param>
    /// <returns>Approved with the total fee (at most the amount), or the first decline.</returns>
    /// <exception cref="CurrencyMismatchException">A rule charged a fee in another currency than the payment's.</exception>
    /// <exception cref="PaymentValidationException">A rule's arithmetic on the amount overflowed (<see cref="ValidationRules.WithinRange"/>).</exception>
    public RuleEvaluation Evaluate(PaymentRequest request, in RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fee = Money.Zero(request.Amount.Currency);
        var decisions = ImmutableArray.CreateBuilder<RuleDecision>(_rules.Length);
        StepUpDemand? stepUp = null;
        foreach (var rule in _rules)
        {
            RuleOutcome outcome;
            try
            {
                outcome = rule.Evaluate(request, context);
            }
            catch (OverflowException)
            {
                // Arithmetic on the caller's amount (a 150 % fee on a huge amount) does not fit in a long of minor
                // units: that is bad input, refused with a typed error before anything is stored (issue 12).
                throw new PaymentValidationException(new ValidationError(
                    "Amount",
                    ValidationRules.WithinRange,
                    $"The amount is too large for the rule '{rule.Name}': its arithmetic overflows a 64-bit count of minor units."));
            }

            decisions.Add(Decision(rule, outcome));
            if (!outcome.IsApproved)
            {
                return new RuleEvaluation(false, Money.Zero(request.Amount.Currency), DeclineInfo.For(outcome.DeclineCode!, rule.Name, outcome.Message!)) { Decisions = decisions.DrainToImmutable() };
            }

            if (outcome.RequiresStepUp && stepUp is null)
            {
                stepUp = new StepUpDemand(rule.Name, outcome.StepUpReason!, outcome.StepUpMethod);
            }

            if (!outcome.Fee.Currency.IsDefault)
            {
                // Each rule caps its own fee at the amount, but several fees can add up to more than the payment:
                // cap the total at the amount, so net plus fee still equals gross and the sum cannot overflow.
                // The comparison throws CurrencyMismatchException for a fee in another currency.
                fee = outcome.Fee > request.Amount - fee ? request.Amount : fee + outcome.Fee;
            }
        }

        return new RuleEvaluation(true, fee, null, stepUp) { Decisions = decisions.DrainToImmutable() };
    }

    // A rule that gives no explanation is still on the record: its verdict, with its decline message or fee.
    private static RuleDecision Decision(IPaymentRule rule, in RuleOutcome outcome) =>
        new(
            rule.Name,
            outcome.IsApproved ? RuleVerdict.Approve : RuleVerdict.Decline,
            outcome.Explanation ?? (outcome.IsApproved ? (outcome.Fee.Currency.IsDefault ? "no explanation given" : "fee " + outcome.Fee) : outcome.DeclineCode + ": " + outcome.Message),
            outcome.Figures);

    /// <summary>
    /// The fee on an amount actually moved (a capture total): each rule's fee evaluated again on that amount, capped
    /// at it. Only fees are taken: the rules' approval was decided when the payment was authorized, so a rule that
    /// would now decline (a minimum amount) charges nothing instead. Pure, like <see cref="Evaluate"/>.
    /// </summary>
    /// <param name="request">The payment's request.</param>
    /// <param name="amount">The amount moved, in the request's currency.</param>
    /// <param name="at">The time the fee is computed for (the payment's creation: fee schedules do not depend on the capture time).</param>
    /// <returns>The fee.</returns>
    public Money FeeOn(PaymentRequest request, Money amount, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        PaymentRequest? moved = null;
        RuleContext context = default;
        var fee = Money.Zero(amount.Currency);
        foreach (var rule in _rules)
        {
            Money? charged;
            if (rule is IFeeOnlyRule known)
            {
                // A built-in rule answers the fee alone: its explanation would be thrown away here.
                charged = known.FeeOn(request, amount);
            }
            else
            {
                if (moved is null)
                {
                    moved = request.Amount == amount ? request : request with { Amount = amount };

                    // Rules that read activity get none: they decide whether to approve, which was decided at authorization.
                    var none = new PayerActivity[ActivityWindows.Count];
                    for (var i = 0; i < none.Length; i++)
                    {
                        none[i] = new PayerActivity(ActivityWindows[i], 0, Money.Zero(amount.Currency));
                    }

                    context = new RuleContext(at, none);
                }

                var outcome = rule.Evaluate(moved, context);
                charged = outcome.IsApproved && !outcome.Fee.Currency.IsDefault ? outcome.Fee : null;
            }

            if (charged is { } charge)
            {
                fee = charge > amount - fee ? amount : fee + charge;
            }
        }

        return fee;
    }

    /// <summary>Fetches what the rules read besides the request: the payer's activity for every window a rule declared.</summary>
    internal async ValueTask<RuleContext> ContextAsync(Storage.ITransactionStore store, PaymentRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windows = ActivityWindows;
        if (windows.Count == 0)
        {
            return new RuleContext(now);
        }

        var activity = new PayerActivity[windows.Count];
        for (var i = 0; i < windows.Count; i++)
        {
            activity[i] = await store.GetPayerActivityAsync(request.Payer.Token, request.Amount.Currency, now - windows[i], now, cancellationToken).ConfigureAwait(false);
        }

        return new RuleContext(now, activity);
    }
}
