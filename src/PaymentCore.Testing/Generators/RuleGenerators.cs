using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Monetary;
using PaymentCore.Rules;

namespace PaymentCore.Testing.Generators;

/// <summary>
/// FsCheck generators of rules and rule chains: <see cref="GeneratedRule"/>s that approve (with or without a
/// fee) or decline, mixed with the built-in rules (<see cref="AmountLimitRule"/>, <see cref="AllowedCurrenciesRule"/>,
/// <see cref="BlockListRule"/>, <see cref="VelocityRule"/>, <see cref="FeeRule"/>) configured at random.
/// </summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
public static class RuleGenerators
{
    /// <summary>Gets fee rates: round ones, ones that put the product on a half minor unit, and random ones with up to 6 decimals.</summary>
    public static Gen<decimal> FeeRates { get; } = Gen.OneOf(
        Gen.Elements(0m, 0.5m, 0.25m, 0.125m, 0.005m, 0.015m, 0.029m, 0.0325m, 0.1m, 1m),
        Gen.Zip(Gen.Choose(0, 200_000), Gen.Choose(1, 6)).Select(t => decimal.Round(t.Item1 / 1_000_000m, t.Item2, MidpointRounding.ToZero)));

    /// <summary>Gets rules that always approve, with a fee of 0 to 500 minor units.</summary>
    public static Gen<GeneratedRule> ApprovingRules { get; } =
        Gen.Zip(Gen.Choose(0, 999), Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(1, 500))))
            .Select(t => new GeneratedRule("approve_" + t.Item1, approves: true, feeMinorUnits: t.Item2));

    /// <summary>Gets rules that always decline, each with its own code.</summary>
    public static Gen<GeneratedRule> DecliningRules { get; } =
        Gen.Choose(0, 999).Select(i => new GeneratedRule("decline_" + i, approves: false, declineCode: "generated_decline_" + i));

    /// <summary>Gets approving and declining generated rules, two approving to one declining.</summary>
    public static Gen<GeneratedRule> GeneratedRules { get; } = Gen.Frequency((2, ApprovingRules), (1, DecliningRules));

    /// <summary>Returns built-in rules configured at random around <paramref name="currency"/>, so some approve and some decline payments in it.</summary>
    /// <param name="currency">The currency the payments under test use.</param>
    /// <returns>The generator.</returns>
    public static Gen<IPaymentRule> BuiltInRules(Currency currency)
    {
        var limit = Gen.Choose(1, 2_000_000).Select(x => Money.FromMinor(x, currency));
        return Gen.OneOf(
            limit.Select(max => (IPaymentRule)AmountLimitRule.Maximum(max)),
            Gen.Zip(limit, limit).Select(t => (IPaymentRule)new AmountLimitRule([new(currency, (Money.Min(t.Item1, t.Item2), Money.Max(t.Item1, t.Item2)))])),
            Gen.Elements(true, false).Select(allowed => (IPaymentRule)new AllowedCurrenciesRule(allowed ? currency : currency == Currency.USD ? Currency.EUR : Currency.USD)),
            Gen.Elements<IPaymentRule>(new BlockListRule(["tok_blocked"], ["payee-blocked"]), new BlockListRule()),
            Gen.Zip(Gen.Choose(1, 5), Gen.Elements(1, 60, 3600)).Select(t => (IPaymentRule)new VelocityRule(TimeSpan.FromSeconds(t.Item2), t.Item1)),
            Gen.Zip(FeeRates, Gen.Choose(0, 100)).Select(t => (IPaymentRule)FeeRule.For(currency, t.Item1, t.Item2)));
    }

    /// <summary>Returns rule chains of 0 to 8 rules for payments in <paramref name="currency"/>, two generated rules to one built-in.</summary>
    /// <param name="currency">The currency the payments under test use.</param>
    /// <returns>The generator.</returns>
    public static Gen<IPaymentRule[]> Chains(Currency currency) =>
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Frequency((2, GeneratedRules.Select(r => (IPaymentRule)r)), (1, BuiltInRules(currency))), n));

    /// <summary>Returns chains of generated rules only, 0 to 8 long, whose outcome a test can predict exactly.</summary>
    /// <returns>The generator.</returns>
    public static Gen<GeneratedRule[]> GeneratedChains() =>
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(GeneratedRules, n));

    /// <summary>
    /// Shrinks a chain by dropping one rule at a time; pass it to <c>Arb.From(generator, RuleGenerators.Shrink)</c>
    /// so a failing chain shrinks to the rules that matter.
    /// </summary>
    /// <typeparam name="T">The rule type.</typeparam>
    /// <param name="chain">The failing chain.</param>
    /// <returns>The chain without one rule, for each rule.</returns>
    public static IEnumerable<T[]> Shrink<T>(T[] chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        for (var i = 0; i < chain.Length; i++)
        {
            yield return [.. chain[..i], .. chain[(i + 1)..]];
        }
    }
}
