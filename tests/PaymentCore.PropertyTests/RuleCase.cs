using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Testing.Generators;

namespace PaymentCore.PropertyTests;

/// <summary>A request, a rule chain for its currency, and the payer activity the chain's windows see.</summary>
internal sealed record RuleCase(PaymentRequest Request, IPaymentRule[] Rules, int PriorCount, long PriorSumMinorUnits)
{
    public static Gen<RuleCase> Gen(Func<Currency, Gen<IPaymentRule[]>> chains) =>
        from request in RequestGenerators.ValidRequests
        from rules in chains(request.Amount.Currency)
        from count in FsCheck.Fluent.Gen.Choose(0, 6)
        from sum in FsCheck.Fluent.Gen.Choose(0, 100_000)
        select new RuleCase(request, rules, count, sum);

    /// <summary>Mixed chains (generated and built-in rules), shrinking by dropping rules.</summary>
    public static Arbitrary<RuleCase> Mixed { get; } = Arb.From(Gen(RuleGenerators.Chains), Shrink);

    public static IEnumerable<RuleCase> Shrink(RuleCase c) =>
        RuleGenerators.Shrink(c.Rules).Select(r => c with { Rules = r });

    public RuleContext Context(RuleChain chain) =>
        new(ProcessorHarness.Start, [.. chain.ActivityWindows.Select(w => new PayerActivity(w, PriorCount, Money.FromMinor(PriorSumMinorUnits, Request.Amount.Currency)))]);

    public override string ToString() =>
        $"Request = {Request}, Rules = [{string.Join(", ", Rules.Select(Describe))}], PriorCount = {PriorCount}, PriorSum = {PriorSumMinorUnits}";

    public static string Describe(IPaymentRule rule) => rule is GeneratedRule g ? g.ToString() : rule.GetType().Name;
}
