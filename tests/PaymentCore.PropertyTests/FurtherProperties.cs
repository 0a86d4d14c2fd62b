using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Testing.Generators;

namespace PaymentCore.PropertyTests;

/// <summary>Invariants found while writing properties 1–12 (issue 3 asks for one property per invariant found).</summary>
public class FurtherProperties
{
    [PaymentProperty]
    public Property Property13_RequestEquality_DifferingFieldsIsEmptyExactlyWhenEqual_AndEqualRequestsHashAlike()
    {
        var pairs =
            from a in RequestGenerators.ValidRequests
            from b in Gen.OneOf(
                Gen.Constant(a with { Metadata = a.Metadata.ToDictionary() }),
                RequestGenerators.ValidRequests,
                Gen.Elements<Func<PaymentRequest, PaymentRequest>>(
                    r => r with { Amount = r.Amount + Money.FromMinor(1, r.Amount.Currency) },
                    r => r with { Description = r.Description + "x" },
                    r => r with { Metadata = new Dictionary<string, string>(r.Metadata) { ["extra"] = "1" } }).Select(f => f(a)))
            select (A: a, B: b);
        return Prop.ForAll(Arb.From(pairs), t =>
        {
            var differing = t.A.DifferingFields(t.B);
            Assert.Equal(differing.Count == 0, t.A.Equals(t.B));
            Assert.Equal(differing, t.B.DifferingFields(t.A));
            if (t.A.Equals(t.B))
            {
                Assert.Equal(t.A.GetHashCode(), t.B.GetHashCode());
            }
        });
    }

    [PaymentProperty]
    public Property Property14_Events_EveryStateChange_IsNotifiedOnce_InOrder_AndTheOutboxEmpties()
    {
        return Prop.ForAll(Arb.From(RequestGenerators.ValidRequests), OperationGenerators.ShrinkingSequences, (request, operations) =>
        {
            var harness = new ProcessorHarness();
            var id = harness.Process(request).Id;
            var refunds = new List<(string Key, Money Amount)>();
            foreach (var op in operations)
            {
                harness.Apply(request, op, refunds);
            }

            harness.Dispatcher.DispatchAsync().AsTask().GetAwaiter().GetResult(); // events leave the payment path
            var record = harness.Get(id);
            var events = harness.Notifier.EventsFor(id);
            Assert.Equal(record.History.Select(h => h.To), events.Select(e => e.To));
            Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
            Assert.Equal(0, harness.Store.UndeliveredCount);
        });
    }

    [PaymentProperty]
    public Property Property15_Refunds_ReplayingAnyEarlierRefundKey_NeverMovesMoneyTwice()
    {
        return Prop.ForAll(Arb.From(RequestGenerators.ValidRequests), OperationGenerators.ShrinkingSequences, (request, operations) =>
        {
            var harness = new ProcessorHarness();
            var id = harness.Process(request with { CaptureMode = CaptureMode.Automatic }).Id;
            var refunds = new List<(string Key, Money Amount)>();
            foreach (var op in operations)
            {
                harness.Apply(request with { CaptureMode = CaptureMode.Automatic }, op, refunds);
            }

            var record = harness.Get(id);
            var recorded = record.History.Where(h => h.OperationKey is not null).ToArray();
            Assert.Equal(recorded.Length, recorded.Select(h => h.OperationKey).Distinct().Count());
            Assert.Equal(record.Refunded, recorded.Aggregate(Money.Zero(record.Amount.Currency), (s, h) => s + h.Amount));
            Assert.Equal(record.Captured - record.Refunded, harness.Issuer.GetReceived(request.Payee, request.Amount.Currency));
        });
    }
}
