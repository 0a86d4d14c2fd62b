using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Rules;

// Boundaries, constructor guards and decline messages of the built-in rules: each case is the smallest change
// that flips the rule's answer, so an off-by-one or a dropped condition shows.
public sealed class RuleBoundaryTests
{
    private static readonly RuleContext Now = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static PaymentRequest Usd(long minor) => PaymentFixture.Request(amount: Money.FromMinor(minor, Currency.USD));

    private static Money UsdMinor(long minor) => Money.FromMinor(minor, Currency.USD);

    private static Money EurMinor(long minor) => Money.FromMinor(minor, Currency.EUR);

    // Guards: a null argument is an ArgumentNullException naming it, not a NullReferenceException later.

    [Fact]
    public void Constructors_NullArgument_ThrowArgumentNullException()
    {
        Assert.Equal("allowed", Assert.Throws<ArgumentNullException>(() => new AllowedCurrenciesRule((IEnumerable<Currency>)null!)).ParamName);
        Assert.Equal("limits", Assert.Throws<ArgumentNullException>(() => new AmountLimitRule(null!)).ParamName);
        Assert.Equal("schedules", Assert.Throws<ArgumentNullException>(() => new FeeRule(null!)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => new RuleChain(null!)).ParamName);
    }

    [Fact]
    public void RuleChain_NullRequest_ThrowsArgumentNullException() =>
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => new RuleChain([]).Evaluate(null!, Now)).ParamName);

    [Fact]
    public void VelocityRule_NullSums_MeansNoSumLimit() =>
        Assert.True(new VelocityRule(Hour, 5, null!).Evaluate(Usd(long.MaxValue), new RuleContext(Now.Now, new PayerActivity(Hour, 0, default))).IsApproved);

    // AllowedCurrenciesRule

    [Fact]
    public void AllowedCurrenciesRule_NoCurrency_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AllowedCurrenciesRule());

        Assert.Equal("allowed", ex.ParamName);
    }

    [Fact]
    public void AllowedCurrenciesRule_OtherCurrency_DeclinesNamingTheCurrency()
    {
        var rule = new AllowedCurrenciesRule(Currency.EUR, Currency.GBP);

        var outcome = rule.Evaluate(Usd(100), Now);

        Assert.Equal(("allowed_currencies", false, DeclineCodes.CurrencyNotAllowed, "Payments in USD are not accepted."), (rule.Name, outcome.IsApproved, outcome.DeclineCode, outcome.Message));
        Assert.True(rule.Evaluate(PaymentFixture.Request(amount: Money.FromMinor(1, Currency.GBP)), Now).IsApproved);
    }

    // VelocityRule

    [Theory]
    [InlineData(2, true)] // two before, this one is the third: at the limit
    [InlineData(3, false)] // this one would be the fourth
    public void VelocityRule_CountLimit_CountsThisPayment(int before, bool approved)
    {
        var rule = new VelocityRule(Hour, maxCount: 3);

        var outcome = rule.Evaluate(Usd(100), new RuleContext(Now.Now, new PayerActivity(Hour, before, UsdMinor(100))));

        Assert.Equal(approved, outcome.IsApproved);
        if (!approved)
        {
            Assert.Equal(DeclineCodes.VelocityCountExceeded, outcome.DeclineCode);
            Assert.Equal($"The payer made 3 payments in the last {Hour}; at most 3 are allowed.", outcome.Message);
        }
    }

    [Fact]
    public void VelocityRule_CountOfOne_DeclinesASecondPayment()
    {
        var rule = new VelocityRule(Hour, maxCount: 1);

        Assert.True(rule.Evaluate(Usd(100), new RuleContext(Now.Now, new PayerActivity(Hour, 0, default))).IsApproved);
        Assert.False(rule.Evaluate(Usd(100), new RuleContext(Now.Now, new PayerActivity(Hour, 1, UsdMinor(100)))).IsApproved);
    }

    [Fact]
    public void VelocityRule_NoCountLimit_ApprovesAnyCount() =>
        Assert.True(new VelocityRule(Hour).Evaluate(Usd(100), new RuleContext(Now.Now, new PayerActivity(Hour, int.MaxValue - 1, UsdMinor(100)))).IsApproved);

    [Fact]
    public void VelocityRule_SumLimitWithNoEarlierActivity_ComparesThisPaymentAlone()
    {
        var rule = new VelocityRule(Hour, null, UsdMinor(1_000));
        var noActivity = new RuleContext(Now.Now, new PayerActivity(Hour, 0, default));

        Assert.True(rule.Evaluate(Usd(1_000), noActivity).IsApproved);

        var outcome = rule.Evaluate(Usd(1_001), noActivity);
        Assert.Equal((DeclineCodes.VelocityAmountExceeded, $"The payer would pay {UsdMinor(1_001)} in the last {Hour}; at most {UsdMinor(1_000)} is allowed."), (outcome.DeclineCode, outcome.Message));
    }

    [Fact]
    public void VelocityRule_SumLimitInAnotherCurrency_DoesNotApply()
    {
        var rule = new VelocityRule(Hour, null, EurMinor(1));

        Assert.True(rule.Evaluate(Usd(1_000_000), new RuleContext(Now.Now, new PayerActivity(Hour, 5, UsdMinor(1_000_000)))).IsApproved);
    }

    [Fact]
    public void VelocityRule_CountAndSum_CountIsCheckedFirst()
    {
        var rule = new VelocityRule(Hour, 1, UsdMinor(1));

        Assert.Equal(DeclineCodes.VelocityCountExceeded, rule.Evaluate(Usd(100), new RuleContext(Now.Now, new PayerActivity(Hour, 1, UsdMinor(100)))).DeclineCode);
    }

    [Fact]
    public void VelocityRule_Properties_NameTheWindow()
    {
        var rule = new VelocityRule(Hour, 2);

        Assert.Equal(("velocity", Hour, (TimeSpan?)Hour), (rule.Name, rule.Window, rule.ActivityWindow));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void VelocityRule_CountBelowOne_IsRefused(int maxCount)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new VelocityRule(Hour, maxCount));

        Assert.Equal("maxCount", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void VelocityRule_WindowNotPositive_IsRefused(long ticks) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VelocityRule(TimeSpan.FromTicks(ticks), 1));

    [Fact]
    public void VelocityRule_SmallestWindow_IsAccepted() =>
        Assert.Equal(TimeSpan.FromTicks(1), new VelocityRule(TimeSpan.FromTicks(1), 1).Window);

    // AmountLimitRule

    [Fact]
    public void AmountLimitRule_Declines_NameTheAmountAndTheLimit()
    {
        var rule = new AmountLimitRule([new(Currency.USD, (UsdMinor(100), UsdMinor(1_000)))]);

        var tooLarge = rule.Evaluate(Usd(1_001), Now);
        var tooSmall = rule.Evaluate(Usd(99), Now);

        Assert.Equal("amount_limit", rule.Name);
        Assert.Equal((DeclineCodes.AmountTooLarge, $"The amount {UsdMinor(1_001)} is above the limit of {UsdMinor(1_000)}."), (tooLarge.DeclineCode, tooLarge.Message));
        Assert.Equal((DeclineCodes.AmountTooSmall, $"The amount {UsdMinor(99)} is below the minimum of {UsdMinor(100)}."), (tooSmall.DeclineCode, tooSmall.Message));
    }

    [Fact]
    public void AmountLimitRule_OnlyAMinimum_LimitsOnlyFromBelow()
    {
        var rule = new AmountLimitRule([new(Currency.USD, (UsdMinor(100), null))]);

        Assert.True(rule.Evaluate(Usd(long.MaxValue), Now).IsApproved);
        Assert.Equal(DeclineCodes.AmountTooSmall, rule.Evaluate(Usd(99), Now).DeclineCode);
    }

    [Fact]
    public void AmountLimitRule_MinimumEqualToMaximum_AcceptsExactlyThatAmount()
    {
        var rule = new AmountLimitRule([new(Currency.USD, (UsdMinor(500), UsdMinor(500)))]);

        Assert.True(rule.Evaluate(Usd(500), Now).IsApproved);
        Assert.False(rule.Evaluate(Usd(501), Now).IsApproved);
        Assert.False(rule.Evaluate(Usd(499), Now).IsApproved);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AmountLimitRule_LimitInAnotherCurrency_IsRefused(bool minimum)
    {
        (Money?, Money?) limits = minimum ? (EurMinor(1), null) : (null, EurMinor(1));

        var ex = Assert.Throws<ArgumentException>(() => new AmountLimitRule([new(Currency.USD, limits)]));

        Assert.Equal("limits", ex.ParamName);
    }

    // FeeRule and FeeSchedule

    [Fact]
    public void FeeRule_CurrencyWithoutSchedule_ApprovesWithNoFee()
    {
        var rule = FeeRule.For(Currency.EUR, 0.5m, 30);

        var outcome = rule.Evaluate(Usd(1_000), Now);

        Assert.Equal(("fee", true), (rule.Name, outcome.IsApproved));
        Assert.True(outcome.Fee.Currency.IsDefault);
    }

    [Theory]
    [InlineData("fixed")]
    [InlineData("minimum")]
    [InlineData("maximum")]
    public void FeeRule_SchedulePartInAnotherCurrency_IsRefused(string part)
    {
        var schedule = part switch
        {
            "fixed" => new FeeSchedule(0m, EurMinor(0)),
            "minimum" => new FeeSchedule(0m, UsdMinor(0), Minimum: EurMinor(1)),
            _ => new FeeSchedule(0m, UsdMinor(0), Maximum: EurMinor(1)),
        };

        var ex = Assert.Throws<ArgumentException>(() => new FeeRule([new(Currency.USD, schedule)]));

        Assert.Equal(("schedules", true), (ex.ParamName, ex.Message.StartsWith("The fee schedule for USD must be in USD.", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("fixed")]
    [InlineData("minimum")]
    public void FeeRule_NegativeSchedulePart_IsRefused(string part)
    {
        var schedule = part == "fixed"
            ? new FeeSchedule(0m, UsdMinor(-1))
            : new FeeSchedule(0m, UsdMinor(0), Minimum: UsdMinor(-1));

        var ex = Assert.Throws<ArgumentException>(() => new FeeRule([new(Currency.USD, schedule)]));

        Assert.StartsWith("The fee schedule for USD has a negative part.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FeeRule_ZeroRateAndParts_AreAccepted() =>
        Assert.Equal(UsdMinor(0), new FeeRule([new(Currency.USD, new FeeSchedule(0m, UsdMinor(0), UsdMinor(0), UsdMinor(0)))]).Evaluate(Usd(1_000), Now).Fee);

    [Fact]
    public void FeeRule_MinimumAboveMaximum_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FeeRule([new(Currency.USD, new FeeSchedule(0m, UsdMinor(0), UsdMinor(51), UsdMinor(50)))]));

        Assert.StartsWith($"The fee minimum {UsdMinor(51)} exceeds the maximum {UsdMinor(50)}.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FeeRule_MinimumEqualToMaximum_ChargesThatFee() =>
        Assert.Equal(UsdMinor(50), new FeeRule([new(Currency.USD, new FeeSchedule(0.5m, UsdMinor(0), UsdMinor(50), UsdMinor(50)))]).Evaluate(Usd(1_000), Now).Fee);

    [Theory]
    [InlineData(499, 50)] // 10 % is 49.9 → 50, exactly the minimum
    [InlineData(1_000, 100)]
    [InlineData(5_000, 500)] // exactly the maximum
    [InlineData(5_010, 500)]
    [InlineData(100, 50)]
    public void FeeSchedule_FeeFor_ClampsToMinimumAndMaximum(long amount, long expected)
    {
        var schedule = new FeeSchedule(0.10m, UsdMinor(0), UsdMinor(50), UsdMinor(500));

        Assert.Equal(UsdMinor(expected), schedule.FeeFor(UsdMinor(amount)));
    }

    [Fact]
    public void FeeSchedule_FeeFor_AddsTheFixedPartBeforeClamping()
    {
        var schedule = new FeeSchedule(0.10m, UsdMinor(10), UsdMinor(50), UsdMinor(500));

        Assert.Equal(UsdMinor(60), schedule.FeeFor(UsdMinor(500))); // 50 + 10, above the minimum
        Assert.Equal(UsdMinor(500), schedule.FeeFor(UsdMinor(4_950))); // 495 + 10 = 505, capped
    }

    // RuleChain

    [Fact]
    public void RuleChain_NullRule_IsRefused()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new RuleChain([new AllowedCurrenciesRule(Currency.USD), null!]));

        Assert.Equal("rules", ex.ParamName);
    }

    [Fact]
    public void RuleChain_Rules_AreKeptInOrder()
    {
        IPaymentRule first = new AllowedCurrenciesRule(Currency.USD);
        IPaymentRule second = FeeRule.For(Currency.USD, 0m);

        Assert.Equal([first, second], new RuleChain([first, second]).Rules);
        Assert.Empty(new RuleChain([first, second]).ActivityWindows);
    }

    [Fact]
    public void RuleChain_Decline_CarriesTheRuleNameCodeAndMessage()
    {
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0m, 30), new AllowedCurrenciesRule(Currency.EUR)]);

        var evaluation = chain.Evaluate(Usd(1_000), Now);

        Assert.Equal(new RuleEvaluation(false, UsdMinor(0), DeclineInfo.For(DeclineCodes.CurrencyNotAllowed, "allowed_currencies", "Payments in USD are not accepted.")), evaluation with { Decisions = [] });
        Assert.Equal(
            ["fee: fee 0.30 USD on 10.00 USD (rate 0, fixed 0.30 USD): approve", "allowed_currencies: currency USD; allowed EUR: decline"],
            evaluation.Decisions.Select(d => d.ToString()));
    }

    [Fact]
    public void RuleChain_RuleApprovingWithoutFee_AddsNothing()
    {
        var chain = new RuleChain([new AllowedCurrenciesRule(Currency.USD), FeeRule.For(Currency.USD, 0m, 30), new AllowedCurrenciesRule(Currency.USD)]);

        var evaluation = chain.Evaluate(Usd(1_000), Now);

        Assert.Equal(new RuleEvaluation(true, UsdMinor(30), null), evaluation with { Decisions = [] });
        Assert.Equal(["allowed_currencies", "fee", "allowed_currencies"], evaluation.Decisions.Select(d => d.Rule));
    }

    [Fact]
    public void RuleChain_NoRules_ApprovesWithAZeroFeeInThePaymentCurrency() =>
        Assert.Equal(new RuleEvaluation(true, UsdMinor(0), null), new RuleChain([]).Evaluate(Usd(1_000), Now));

    [Fact]
    public void RuleChain_FeesReachingExactlyTheAmount_AreTheAmount()
    {
        var chain = new RuleChain([FeeRule.For(Currency.USD, 0m, 60), FeeRule.For(Currency.USD, 0m, 40)]);

        Assert.Equal(UsdMinor(100), chain.Evaluate(Usd(100), Now).Fee);
    }
}
