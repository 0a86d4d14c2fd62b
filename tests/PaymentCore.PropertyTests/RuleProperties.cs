using FsCheck;
using FsCheck.Fluent;
using PaymentCore.Rules;
using PaymentCore.Testing.Generators;

namespace PaymentCore.PropertyTests;

/// <summary>Properties 1–4 of issue 3: P_result = f(request, rule) is a deterministic, pure, monotonic, order-respecting function.</summary>
public class RuleProperties
{
    [PaymentProperty]
    public Property Property01_Determinism_SameRequestRulesAndContext_GiveEqualResults_TwiceAndOnTwoProcessors()
    {
        return Prop.ForAll(RuleCase.Mixed, c =>
        {
            var chain = new RuleChain(c.Rules);
            var context = c.Context(chain);
            Assert.Equal(chain.Evaluate(c.Request, context), chain.Evaluate(c.Request, context));

            // Two processor instances on their own (equal) in-memory parts and clocks.
            var first = new ProcessorHarness(c.Rules).Process(c.Request);
            var second = new ProcessorHarness(c.Rules).Process(c.Request);
            Assert.Equal(first, second);
        });
    }

    [PaymentProperty]
    public Property Property02_Purity_EvaluatingRules_ChangesNeitherRequestNorContextNorStore()
    {
        return Prop.ForAll(RuleCase.Mixed, c =>
        {
            var harness = new ProcessorHarness(c.Rules);
            // Put something in the store first: a previous payment of the same payer.
            harness.Process(c.Request with { IdempotencyKey = c.Request.IdempotencyKey + "-earlier" });
            var storeBefore = harness.Store.Snapshot().OrderBy(r => r.Id).ToArray();
            var holdsBefore = harness.Issuer.GetHolds().Count;
            var requestBefore = c.Request with { Metadata = c.Request.Metadata.ToDictionary() };
            var context = c.Context(harness.Processor.Rules);
            var activityBefore = harness.Processor.Rules.ActivityWindows.Select(context.GetActivity).ToArray();

            harness.Processor.Rules.Evaluate(c.Request, context);
            harness.Processor.Rules.Evaluate(c.Request, context);

            Assert.Empty(requestBefore.DifferingFields(c.Request));
            Assert.Equal(activityBefore, harness.Processor.Rules.ActivityWindows.Select(context.GetActivity).ToArray());
            Assert.Equal(storeBefore, harness.Store.Snapshot().OrderBy(r => r.Id).ToArray());
            Assert.Equal(holdsBefore, harness.Issuer.GetHolds().Count);
        });
    }

    [PaymentProperty]
    public Property Property03_MonotonicDeclines_AddingARule_NeverTurnsADeclineIntoAnApproval()
    {
        var cases =
            from c in RuleCase.Gen(RuleGenerators.Chains)
            from extra in Gen.Frequency((2, RuleGenerators.GeneratedRules.Select(r => (IPaymentRule)r)), (1, RuleGenerators.BuiltInRules(c.Request.Amount.Currency)))
            from at in Gen.Choose(0, c.Rules.Length)
            select (Case: c, Extra: extra, At: at);
        return Prop.ForAll(Arb.From(cases), t =>
        {
            var chain = new RuleChain(t.Case.Rules);
            var longer = new RuleChain([.. t.Case.Rules[..t.At], t.Extra, .. t.Case.Rules[t.At..]]);
            var before = chain.Evaluate(t.Case.Request, t.Case.Context(chain));
            var after = longer.Evaluate(t.Case.Request, t.Case.Context(longer));
            return (before.IsApproved || !after.IsApproved)
                .Label($"declined by {before.Decline?.DeclinedBy} before adding {RuleCase.Describe(t.Extra)} at {t.At}, approved after");
        });
    }

    [PaymentProperty]
    public Property Property04_Order_DeclineIsTheFirstDecliningRules_AndApprovalAndFeeIgnoreTheOrderOfApprovingRules()
    {
        var cases =
            from c in RuleCase.Gen(RuleGenerators.Chains)
            from shuffled in Gen.Shuffle(c.Rules)
            select (Case: c, Shuffled: shuffled);
        // Shrink by dropping one rule from both the chain and its reordering.
        static IEnumerable<(RuleCase, IPaymentRule[])> Shrink((RuleCase Case, IPaymentRule[] Shuffled) t) =>
            t.Case.Rules.Select(drop => (t.Case with { Rules = [.. t.Case.Rules.Where(r => !ReferenceEquals(r, drop))] }, t.Shuffled.Where(r => !ReferenceEquals(r, drop)).ToArray()));
        return Prop.ForAll(Arb.From(cases, Shrink), t =>
        {
            var (c, shuffled) = t;
            var chain = new RuleChain(c.Rules);
            var context = c.Context(chain);
            var evaluation = chain.Evaluate(c.Request, context);
            var firstDecliner = c.Rules.FirstOrDefault(r => !r.Evaluate(c.Request, context).IsApproved);
            if (firstDecliner is null)
            {
                Assert.True(evaluation.IsApproved);
                Assert.Null(evaluation.Decline);
            }
            else
            {
                Assert.False(evaluation.IsApproved);
                Assert.Equal(firstDecliner.Name, evaluation.Decline!.DeclinedBy);
                Assert.Equal(firstDecliner.Evaluate(c.Request, context).DeclineCode, evaluation.Decline.Code);
                Assert.True(evaluation.Fee.IsZero);
            }

            // Reordering: the approving rules' order changes neither approval nor the total fee.
            var reordered = new RuleChain(shuffled);
            var other = reordered.Evaluate(c.Request, c.Context(reordered));
            Assert.Equal(evaluation.IsApproved, other.IsApproved);
            if (evaluation.IsApproved)
            {
                Assert.Equal(evaluation.Fee, other.Fee);
            }
        });
    }
}
