using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Rules;

public sealed class BuiltInRuleTests
{
    private static readonly RuleContext Now = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static PaymentRequest Usd(decimal major) => PaymentFixture.Request(amount: Money.FromMajor(major, Currency.USD));

    [Theory]
    [InlineData(100, true, null)]
    [InlineData(100.01, false, DeclineCodes.AmountTooLarge)]
    [InlineData(0.99, false, DeclineCodes.AmountTooSmall)]
    [InlineData(1, true, null)]
    public void AmountLimitRule_Bounds_AreInclusive(decimal amount, bool approved, string? code)
    {
        var rule = new AmountLimitRule([new(Currency.USD, (Money.FromMajor(1m, Currency.USD), Money.FromMajor(100m, Currency.USD)))]);

        var outcome = rule.Evaluate(Usd(amount), Now);

        Assert.Equal((approved, code), (outcome.IsApproved, outcome.DeclineCode));
    }

    [Fact]
    public void AmountLimitRule_CurrencyWithoutLimit_Approves() =>
        Assert.True(AmountLimitRule.Maximum(Money.FromMajor(1m, Currency.EUR)).Evaluate(Usd(1000m), Now).IsApproved);

    [Fact]
    public void AmountLimitRule_MinimumAboveMaximum_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new AmountLimitRule([new(Currency.USD, (Money.FromMajor(2m, Currency.USD), Money.FromMajor(1m, Currency.USD)))]));

    [Fact]
    public void AllowedCurrenciesRule_OtherCurrency_Declines()
    {
        var rule = new AllowedCurrenciesRule(Currency.EUR);

        var outcome = rule.Evaluate(Usd(1m), Now);

        Assert.Equal((false, DeclineCodes.CurrencyNotAllowed), (outcome.IsApproved, outcome.DeclineCode));
        Assert.True(rule.Evaluate(PaymentFixture.Request(amount: Money.FromMajor(1m, Currency.EUR)), Now).IsApproved);
    }

    [Fact]
    public void BlockListRule_BlockedPayerOrPayee_Declines()
    {
        var rule = new BlockListRule(["tok_approve"], ["acct_bad"]);

        Assert.Equal(DeclineCodes.PayerBlocked, rule.Evaluate(Usd(1m), Now).DeclineCode);
        Assert.Equal(DeclineCodes.PayeeBlocked, new BlockListRule(null, ["acct_bad"]).Evaluate(Usd(1m) with { Payee = "acct_bad" }, Now).DeclineCode);
        Assert.True(new BlockListRule(["other"]).Evaluate(Usd(1m), Now).IsApproved);
    }

    [Fact]
    public void VelocityRule_SumLimit_IncludesThisPayment()
    {
        var window = TimeSpan.FromDays(1);
        var rule = new VelocityRule(window, maxCount: null, Money.FromMajor(100m, Currency.USD));
        var context = new RuleContext(Now.Now, new PayerActivity(window, 3, Money.FromMajor(90m, Currency.USD)));

        Assert.True(rule.Evaluate(Usd(10m), context).IsApproved);
        Assert.Equal(DeclineCodes.VelocityAmountExceeded, rule.Evaluate(Usd(10.01m), context).DeclineCode);
    }

    [Fact]
    public void VelocityRule_WithoutActivityInContext_ThrowsExplainingTheWindow()
    {
        var rule = new VelocityRule(TimeSpan.FromHours(1), maxCount: 1);

        var ex = Assert.Throws<InvalidOperationException>(() => rule.Evaluate(Usd(1m), Now));

        Assert.Contains("ActivityWindow", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.05", "0.59")] // 29.145 cents rounds to 29, plus 30 fixed
    [InlineData("0.50", "0.31")] // 1.45 cents rounds to 1, plus 30 fixed
    [InlineData("100.00", "3.20")] // exactly 290 cents, plus 30 fixed
    public void FeeRule_RateAndFixed_RoundsThePercentageToAMinorUnit(string amount, string expected)
    {
        var rule = FeeRule.For(Currency.USD, 0.029m, fixedMinorUnits: 30);

        var fee = rule.Evaluate(PaymentFixture.Request(amount: Money.Parse(amount, Currency.USD)), Now).Fee;

        Assert.Equal(Money.Parse(expected, Currency.USD), fee);
    }

    [Theory]
    [InlineData(250, 2)] // 2.5 → 2 (half to even)
    [InlineData(350, 4)] // 3.5 → 4
    [InlineData(150, 2)] // 1.5 → 2
    public void FeeRule_ExactHalves_GoToEven(long minor, long expectedFee)
    {
        var rule = FeeRule.For(Currency.USD, 0.01m);

        var fee = rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(minor, Currency.USD)), Now).Fee;

        Assert.Equal(Money.FromMinor(expectedFee, Currency.USD), fee);
    }

    [Fact]
    public void FeeRule_MinimumMaximumAndCapAtAmount_Apply()
    {
        var schedule = new FeeSchedule(0.10m, Money.FromMinor(0, Currency.USD), Money.FromMinor(50, Currency.USD), Money.FromMinor(500, Currency.USD));
        var rule = new FeeRule([new(Currency.USD, schedule)]);

        Assert.Equal(Money.FromMinor(50, Currency.USD), rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(100, Currency.USD)), Now).Fee);
        Assert.Equal(Money.FromMinor(500, Currency.USD), rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(100_000, Currency.USD)), Now).Fee);
        Assert.Equal(Money.FromMinor(30, Currency.USD), rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(30, Currency.USD)), Now).Fee); // never more than the amount
    }

    [Fact]
    public void FeeRule_NegativeRate_IsRefused() =>
        Assert.Throws<ArgumentException>(() => FeeRule.For(Currency.USD, -0.01m));

    [Fact]
    public void RuleChain_FirstDeclineWins_AndStopsTheChain()
    {
        var counting = new CountingRule();
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0.01m), new AllowedCurrenciesRule(Currency.EUR), new BlockListRule(["tok_approve"]), counting]);

        var evaluation = chain.Evaluate(Usd(10m), Now);

        Assert.False(evaluation.IsApproved);
        Assert.Equal(("allowed_currencies", DeclineCodes.CurrencyNotAllowed), (evaluation.Decline!.DeclinedBy, evaluation.Decline.Code));
        Assert.Equal(Money.Zero(Currency.USD), evaluation.Fee);
        Assert.Equal(0, counting.Calls);
    }

    [Fact]
    public void RuleChain_ApprovingRules_AddTheirFees()
    {
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0.01m), FeeRule.For(Currency.USD, 0m, fixedMinorUnits: 30)]);

        var evaluation = chain.Evaluate(Usd(10m), Now);

        Assert.Equal((true, Money.FromMinor(40, Currency.USD)), (evaluation.IsApproved, evaluation.Fee));
    }

    [Fact]
    public void RuleChain_FeeInOtherCurrency_Throws()
    {
        var chain = new RuleChain([new FixedFeeRule(Money.FromMinor(1, Currency.EUR))]);

        Assert.Throws<CurrencyMismatchException>(() => chain.Evaluate(Usd(10m), Now));
    }

    [Fact]
    public void RuleChain_ActivityWindows_AreDistinct()
    {
        var chain = new RuleChain([new VelocityRule(TimeSpan.FromHours(1), 5), new VelocityRule(TimeSpan.FromHours(1), 3), new VelocityRule(TimeSpan.FromDays(1), 9)]);

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromDays(1)], chain.ActivityWindows);
    }

    private sealed class CountingRule : IPaymentRule
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context)
        {
            Calls++;
            return RuleOutcome.Approve();
        }
    }

    private sealed class FixedFeeRule(Money fee) : IPaymentRule
    {
        public string Name => "fixed";

        public RuleOutcome Evaluate(PaymentRequest request, in RuleContext context) => RuleOutcome.ApproveWithFee(fee);
    }
}
