using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing.Generators;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.PropertyTests;

/// <summary>Properties 8 (idempotency), 9 (state machine), 11 (ledger agreement) and 12 (validation totality) of issue 3.</summary>
public class ProcessorProperties
{
    /// <summary>Requests the in-memory issuer mostly approves, sometimes declines (no funds, stolen) or fails (transient).</summary>
    private static readonly Gen<PaymentRequest> Requests =
        from request in RequestGenerators.ValidRequests
        from payer in Gen.Frequency(
            (12, Gen.Constant(request.Payer)),
            (1, Gen.Elements(TestInstruments.InsufficientFunds, TestInstruments.Stolen, TestInstruments.TransientFailure)))
        select request with { Payer = payer };

    [PaymentProperty]
    public Property Property08_Idempotency_RepeatedKeysRecordOneTransactionPerKey_ReplaysAreEqual_ChangedRequestsAreRefused()
    {
        var cases =
            from baseRequests in Gen.ArrayOf(Requests, 3)
            from steps in Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 2), Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 4).Select(i => (int?)i)))), n))
            select (Requests: baseRequests.Select((r, i) => r with { IdempotencyKey = "key-" + i, MerchantId = "merchant-1" }).ToArray(), Steps: steps);
        return Prop.ForAll(Arb.From(cases, t => RuleGenerators.Shrink(t.Steps).Select(s => (t.Requests, s))), t =>
        {
            var harness = new ProcessorHarness();
            var first = new Dictionary<int, PaymentResult>();
            foreach (var (index, change) in t.Steps)
            {
                var request = t.Requests[index];
                if (!first.TryGetValue(index, out var original))
                {
                    var result = harness.Process(request);
                    Assert.False(result.Replayed);
                    first[index] = result;
                }
                else if (change is null)
                {
                    var replay = harness.Process(request);
                    Assert.True(replay.Replayed);
                    Assert.Equal(original.Transaction, replay.Transaction);
                }
                else
                {
                    var before = harness.Store.Snapshot().OrderBy(r => r.Id).ToArray();
                    var holds = harness.Issuer.GetHolds();
                    var changed = ChangeFor(change.Value)(request);
                    var ex = Assert.Throws<IdempotencyConflictException>(() => harness.Process(changed));
                    Assert.NotEmpty(ex.DifferingFields);
                    Assert.Equal(before, harness.Store.Snapshot().OrderBy(r => r.Id).ToArray());
                    Assert.Equal(holds, harness.Issuer.GetHolds());
                }

                Assert.Equal(first.Count, harness.Store.Count);
            }

            Assert.Empty(harness.Issuer.Mistakes);
        });
    }

    [PaymentProperty]
    public Property Property09_StateMachine_AnyOperationSequence_KeepsAmountsOrdered_TerminalStaysTerminal_RefusalsChangeNothing()
    {
        return Prop.ForAll(Arb.From(Requests), OperationGenerators.ShrinkingSequences, (request, operations) =>
        {
            var harness = new ProcessorHarness();
            var id = harness.Process(request).Id;
            var refunds = new List<(string Key, Money Amount)>();
            var before = harness.Get(id);
            foreach (var op in operations)
            {
                var (result, refusal) = harness.Apply(request, op, refunds);
                var after = harness.Get(id);
                PaymentInvariants.AssertConsistent(after);
                Assert.True(after.Captured <= after.Authorized, $"captured {after.Captured} > authorized {after.Authorized} after {op}");
                Assert.True(after.Refunded <= after.Captured, $"refunded {after.Refunded} > captured {after.Captured} after {op}");
                if (before.IsTerminal)
                {
                    Assert.True(after.Status == before.Status, $"terminal {before.Status} became {after.Status} after {op}");
                }

                if (result is { Operation: not PaymentOperation.Process, Outcome: PaymentOutcome.Declined or PaymentOutcome.Failed, Replayed: false })
                {
                    // The authorizer refused (or did not do) it: the intent was written and ended, the payment's
                    // state and amounts are as they were, and a refusal adds exactly one refused history entry.
                    var added = after.History.Length - before.History.Length;
                    Assert.True(
                        (before.Status, before.Authorized, before.Captured, before.Refunded, before.Pending) == (after.Status, after.Authorized, after.Captured, after.Refunded, after.Pending)
                        && (result.Value.Outcome == PaymentOutcome.Declined ? added == 1 && after.History[^1].Refused : added == 0),
                        $"{op} came to {result.Value.Outcome} ({result.Value.Decline?.Code ?? result.Value.FailureReason}) but changed the payment from {before.Status} (captured {before.Captured}, refunded {before.Refunded}) to {after.Status} (captured {after.Captured}, refunded {after.Refunded})");
                }
                else if (refusal is not null || result is { Replayed: true })
                {
                    Assert.True(before.Equals(after), $"{op} was refused or replayed ({refusal?.GetType().Name ?? "replay"}) but changed the record from {before.Status} v{before.Version} to {after.Status} v{after.Version}");
                }

                before = after;
            }

            PaymentInvariants.AssertLedgerAgrees(harness.Issuer, harness.Store.Snapshot());
        });
    }

    [PaymentProperty]
    public Property Property11_LedgerAgreement_IssuerBalancesAndHolds_AgreeWithTheStoresSumsPerAccount()
    {
        var payments =
            from request in Requests
            from payer in Gen.Choose(0, 1)
            from payee in Gen.Choose(0, 1)
            from ops in OperationGenerators.Sequences.Select(s => s.Take(6).ToArray())
            select (Request: request with { Payer = IsTestInstrument(request.Payer) ? request.Payer : PaymentInstrument.Account("acct_payer_" + payer), Payee = "payee-" + payee, Amount = Money.FromMinor(Math.Max(1, request.Amount.MinorUnits % 100_000_000), request.Amount.Currency) }, Operations: ops);
        var cases = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(payments, n));
        return Prop.ForAll(Arb.From(cases, RuleGenerators.Shrink), run =>
        {
            var harness = new ProcessorHarness();
            for (var i = 0; i < run.Length; i++)
            {
                var request = run[i].Request with { IdempotencyKey = "pay-" + i, MerchantId = "merchant-1" };
                harness.Process(request);
                var refunds = new List<(string Key, Money Amount)>();
                foreach (var op in run[i].Operations)
                {
                    harness.Apply(request, op, refunds);
                }
            }

            var records = harness.Store.Snapshot();
            PaymentInvariants.AssertLedgerAgrees(harness.Issuer, records);
            foreach (var group in records.GroupBy(r => (r.Request.Payer.Token, r.Amount.Currency)))
            {
                var (account, currency) = group.Key;
                if (account == TestInstruments.TransientFailure.Token)
                {
                    continue; // the issuer never opens an account for it
                }

                var held = group.Where(r => r.Status == TransactionStatus.Authorized).Aggregate(Money.Zero(currency), (s, r) => s + r.Authorized);
                var paid = group.Aggregate(Money.Zero(currency), (s, r) => s + r.Captured - r.Refunded);
                var opening = account == TestInstruments.InsufficientFunds.Token ? Money.Zero(currency) : Money.FromMinor(1_000_000 * currency.MinorUnitsPerMajor, currency);
                Assert.Equal(held, harness.Issuer.GetHeld(account, currency));
                Assert.Equal(opening - held - paid, harness.Issuer.GetAvailable(account, currency));
            }

            foreach (var group in records.GroupBy(r => (r.Request.Payee, r.Amount.Currency)))
            {
                var received = group.Aggregate(Money.Zero(group.Key.Currency), (s, r) => s + r.Captured - r.Refunded);
                Assert.Equal(received, harness.Issuer.GetReceived(group.Key.Payee, group.Key.Currency));
            }
        });
    }

    [PaymentProperty]
    public Property Property12_ValidationTotality_AnyRequest_IsValidOrGetsATypedValidationError_NothingElseIsThrown()
    {
        return Prop.ForAll(Arb.From(RequestGenerators.AnyRequests), request =>
        {
            var errors = request.Validate();
            Assert.All(errors, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Field));
                Assert.False(string.IsNullOrWhiteSpace(e.Rule));
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            });
            var harness = new ProcessorHarness([Rules.FeeRule.For(Currency.USD, 0.029m, 30)]);
            try
            {
                var result = harness.Process(request);
                Assert.True(errors.Count == 0, "ProcessAsync accepted a request Validate() refused");
                PaymentInvariants.AssertConsistent(result.Transaction);
            }
            catch (PaymentValidationException ex)
            {
                Assert.True(errors.Count > 0, $"ProcessAsync refused a request Validate() accepted: {ex.Message}");
                Assert.Equal(errors, ex.Errors);
                Assert.Equal(0, harness.Store.Count);
            }
        });
    }

    private static bool IsTestInstrument(PaymentInstrument payer) =>
        payer == TestInstruments.InsufficientFunds || payer == TestInstruments.Stolen || payer == TestInstruments.TransientFailure;

    private static Func<PaymentRequest, PaymentRequest> ChangeFor(int index) => index switch
    {
        0 => r => r with { Amount = r.Amount + Money.FromMinor(1, r.Amount.Currency) },
        1 => r => r with { Payee = r.Payee + "-other" },
        2 => r => r with { Description = (r.Description ?? string.Empty) + " changed" },
        3 => r => r with { CaptureMode = r.CaptureMode == CaptureMode.Manual ? CaptureMode.Automatic : CaptureMode.Manual },
        _ => r => r with { Payer = PaymentInstrument.Account("acct_someone_else") },
    };
}
