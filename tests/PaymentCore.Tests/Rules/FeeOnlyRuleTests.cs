using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Tests.Processing;
using Xunit.Abstractions;

namespace PaymentCore.Tests.Rules;

/// <summary>
/// <see cref="RuleChain.FeeOn"/> asks built-in rules for their fee alone (<see cref="IFeeOnlyRule"/>) instead of
/// evaluating them in full. Each answer must be the fee the full evaluation charges on the moved amount with no
/// payer activity, so a capture's fee is the same either way.
/// </summary>
public class FeeOnlyRuleTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Rules => ["allowed", "limit", "fee", "fee_eur_only", "block", "velocity", "step_up"];

    [Theory]
    [MemberData(nameof(Rules))]
    public void FeeOn_EveryBuiltInRule_EqualsTheFeeOfItsFullEvaluation(string name)
    {
        var rule = Make(name);
        const int seed = 20261202;
        var random = new Random(seed);
        var context = new RuleContext(At, [.. new RuleChain([rule]).ActivityWindows.Select(w => new PayerActivity(w, 0, Money.Zero(Currency.USD)))]);
        for (var i = 0; i < 2_000; i++)
        {
            var minor = i switch { 0 => 1, 1 => 1_000_000, 2 => long.MaxValue / 2, _ => random.NextInt64(1, 5_000_000) };
            var request = PaymentFixture.Request(amount: Money.FromMinor(random.NextInt64(1, 5_000_000), Currency.USD));
            var amount = Money.FromMinor(minor, Currency.USD);
            var evaluated = rule.Evaluate(request with { Amount = amount }, context);
            Money? expected = evaluated.IsApproved && !evaluated.Fee.Currency.IsDefault ? evaluated.Fee : null;

            var answered = ((IFeeOnlyRule)rule).FeeOn(request, amount);

            if (answered != expected)
            {
                output.WriteLine($"seed {seed}, case {i}: {name} on {amount}");
            }

            Assert.Equal(expected, answered);
        }
    }

    [Fact]
    public void FeeOn_ACustomRule_IsStillEvaluatedInFull()
    {
        var custom = new FlatFee(Money.FromMinor(7, Currency.USD));
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0.01m, 30), custom]);

        var fee = chain.FeeOn(PaymentFixture.Request(amount: Money.FromMinor(10_000, Currency.USD)), Money.FromMinor(5_000, Currency.USD), At);

        Assert.Equal(Money.FromMinor(50 + 30 + 7, Currency.USD), fee);
        Assert.Equal(1, custom.Evaluations);
        Assert.Equal(Money.FromMinor(5_000, Currency.USD), custom.LastAmount);
    }

    private static IPaymentRule Make(string name) => name switch
    {
        "allowed" => new AllowedCurrenciesRule(Currency.USD, Currency.EUR),
        "limit" => new AmountLimitRule([new(Currency.USD, (Money.FromMinor(500, Currency.USD), Money.FromMinor(2_000_000, Currency.USD)))]),
        "fee" => FeeRule.For(Currency.USD, 0.029m, fixedMinorUnits: 30),
        "fee_eur_only" => FeeRule.For(Currency.EUR, 0.029m, fixedMinorUnits: 30),
        "block" => new BlockListRule(["tok_blocked"]),
        "velocity" => new VelocityRule(TimeSpan.FromHours(1), maxCount: 3),
        "step_up" => new StepUpRule([Money.FromMinor(100_000, Currency.USD)]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private sealed class FlatFee(Money fee) : IPaymentRule
    {
        public int Evaluations { get; private set; }

        public Money? LastAmount { get; private set; }

        public string Name => "flat_fee";

        public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
        {
            Evaluations++;
            LastAmount = request.Amount;
            return RuleOutcome.ApproveWithFee(fee);
        }
    }
}
