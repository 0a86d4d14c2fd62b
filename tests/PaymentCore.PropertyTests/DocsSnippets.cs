using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaymentCore.Rules;
using PaymentCore.Testing.Generators;

namespace PaymentCore.PropertyTests;

/// <summary>The code docs/testing.md shows, compiled and run here so the page cannot rot.</summary>
public class DocsSnippets
{
    // begin-snippet: own-rule-property
    [Property(MaxTest = 1_000)]
    public Property MyLimitRule_NeverApprovesAboveItsLimit_InAnyCurrency()
    {
        var cases =
            from request in RequestGenerators.ValidRequests
            from limit in MoneyGenerators.Amounts(request.Amount.Currency, 1_000_000)
            select (Request: request, Limit: limit);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var rule = AmountLimitRule.Maximum(c.Limit);
            var outcome = rule.Evaluate(c.Request, new RuleContext(DateTimeOffset.UnixEpoch));
            return outcome.IsApproved == (c.Request.Amount <= c.Limit);
        });
    }
    // end-snippet
}
