using PaymentCore.Monetary;
using PaymentCore.Rules;
using PaymentCore.Tests.Processing;

namespace PaymentCore.Tests.Rules;

public sealed class StepUpRuleTests
{
    private static readonly RuleContext Context = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(3000, false)] // at the threshold: exempt (PSD2 RTS art. 16 is "does not exceed")
    [InlineData(3001, true)]
    [InlineData(1, false)]
    public void Evaluate_AmountAgainstThreshold_AsksForStepUpOnlyAbove(long minor, bool expected)
    {
        var rule = new StepUpRule([Money.FromMinor(3000, Currency.EUR)]);

        var outcome = rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(minor, Currency.EUR)), Context);

        Assert.True(outcome.IsApproved);
        Assert.Equal(expected, outcome.RequiresStepUp);
        Assert.Equal(expected ? StepUpRule.AmountAboveThreshold : null, outcome.StepUpReason);
    }

    [Fact]
    public void Evaluate_CurrencyWithoutThreshold_IsNeverExempt() =>
        Assert.Equal(StepUpRule.NoThreshold, new StepUpRule([Money.FromMinor(3000, Currency.EUR)]).Evaluate(PaymentFixture.Request(amount: Money.FromMinor(1, Currency.USD)), Context).StepUpReason);

    [Fact]
    public void Evaluate_UntrustedPayeeUnderThreshold_AsksForStepUp()
    {
        var rule = new StepUpRule([Money.FromMinor(3000, Currency.EUR)], r => r.Payee == "trusted", method: "totp");

        var outcome = rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(100, Currency.EUR)), Context);

        Assert.Equal((StepUpRule.NewPayee, "totp"), (outcome.StepUpReason, outcome.StepUpMethod));
        Assert.False(rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(100, Currency.EUR)) with { Payee = "trusted" }, Context).RequiresStepUp);
    }

    [Fact]
    public void Create_RepeatedCurrency_Throws() =>
        Assert.Throws<ArgumentException>(() => new StepUpRule([Money.FromMinor(1, Currency.EUR), Money.FromMinor(2, Currency.EUR)]));

    [Fact]
    public void Chain_StepUpThenDecline_Declines()
    {
        var chain = new RuleChain([new StepUpRule([]), AmountLimitRule.Maximum(Money.FromMinor(10, Currency.USD))]);

        var evaluation = chain.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(100, Currency.USD)), Context);

        Assert.False(evaluation.IsApproved);
        Assert.Null(evaluation.StepUp);
    }

    [Fact]
    public void Chain_StepUpAndApprovals_KeepsTheFirstDemand()
    {
        var chain = new RuleChain([new StepUpRule([]), new StepUpRule([], method: "totp")]);

        var evaluation = chain.Evaluate(PaymentFixture.Request(), Context);

        Assert.Equal(new StepUpDemand("step_up", StepUpRule.NoThreshold, null), evaluation.StepUp);
    }
}
