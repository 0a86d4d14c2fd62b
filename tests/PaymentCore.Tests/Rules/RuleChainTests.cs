using PaymentCore.Monetary;
using PaymentCore.Rules;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.Rules;

public class RuleChainTests
{
    private static readonly RuleContext Context = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    // Regression, issue 3 (found by Property05_Conservation): two fee rules each capped their fee at the amount,
    // but the chain added them up, so the total fee exceeded the payment and net + fee != gross.
    [Fact]
    public void Evaluate_Issue3_FeesOfSeveralRulesAddUpToMoreThanTheAmount_TotalFeeIsCappedAtTheAmount()
    {
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0.029m, 30), FeeRule.For(Currency.USD, 0.01m, 30)]);
        var request = PaymentFixture.Request(amount: Money.FromMinor(50, Currency.USD));

        var evaluation = chain.Evaluate(request, Context);

        Assert.True(evaluation.IsApproved);
        Assert.Equal(Money.FromMinor(50, Currency.USD), evaluation.Fee);
    }

    [Fact]
    public void Evaluate_FeesBelowTheAmount_AreAddedUp()
    {
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0m, 30), FeeRule.For(Currency.USD, 0m, 20)]);

        var evaluation = chain.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(1000, Currency.USD)), Context);

        Assert.Equal(Money.FromMinor(50, Currency.USD), evaluation.Fee);
    }

    [Fact]
    public void Evaluate_HugeFeesOnTheLargestAmount_DoNotOverflow()
    {
        var chain = new RuleChain([FeeRule.For(Currency.USD, 1m), FeeRule.For(Currency.USD, 1m)]);
        var amount = Money.FromMinor(long.MaxValue, Currency.USD);

        Assert.Equal(amount, chain.Evaluate(PaymentFixture.Request(amount: amount), Context).Fee);
    }
}
