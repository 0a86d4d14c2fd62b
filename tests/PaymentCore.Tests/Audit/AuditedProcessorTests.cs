using PaymentCore.Audit;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Audit;

/// <summary>What the processor writes to the audit trail, on the in-memory store (issue 13).</summary>
public sealed class AuditedProcessorTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];

    [Fact]
    public async Task ProcessAsync_AutomaticCapture_OneEntryPerWriteAfterTheConfigurationAndTheChainVerifies()
    {
        var f = new PaymentFixture();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var entries = await f.Store.AuditLog.ReadAsync(0, 100);
        Assert.Equal(AuditEventTypes.Configured, entries[0].Event.EventType);
        Assert.Contains("authorizers: ", entries[0].Event.Detail, StringComparison.Ordinal);
        var payment = entries.Skip(1).ToList();
        Assert.All(payment, e => Assert.Equal("transaction/" + result.Id, e.Event.Resource));
        Assert.All(payment, e => Assert.Equal(AuditEventTypes.StateChanged, e.Event.EventType));
        Assert.All(entries, e => Assert.Equal(AuditEvent.SystemActor, e.Event.Actor));
        Assert.StartsWith("created Received; 10.05 USD", payment[0].Event.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Received -> Authorized; version 2; authorize 10.05 USD", payment[1].Event.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Authorized -> Captured; version 3; capture 10.05 USD", payment[2].Event.Detail, StringComparison.Ordinal);
        Assert.Equal(3, payment.Count);
        var trail = new AuditTrail(f.Store.AuditLog, new HmacAuditCheckpointSigner("k1", Key), f.Time);
        Assert.True((await trail.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ProcessAsync_SecondPayment_ConfigurationRecordedOnlyOnce()
    {
        var f = new PaymentFixture();

        await f.Processor.ProcessAsync(PaymentFixture.Request("order-1"));
        await f.Processor.ProcessAsync(PaymentFixture.Request("order-2"));

        var entries = await f.Store.AuditLog.ReadAsync(0, 100);
        Assert.Single(entries, e => e.Event.EventType == AuditEventTypes.Configured);
    }

    [Fact]
    public async Task CaptureAsync_InsideOperationContext_EntriesNameTheActorAndOrigin()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        using (OperationContext.Begin(actor: "ops@example.com", origin: "10.0.0.1"))
        {
            await f.Processor.CaptureAsync("merchant-1", authorized.Id);
        }

        var entries = await f.Store.AuditLog.ReadAsync(0, 100);
        var capture = entries.Where(e => e.Event.Detail!.Contains("-> Captured", StringComparison.Ordinal) || e.Event.Detail.Contains("in flight capture", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, capture.Count); // the intent, then the answer
        Assert.All(capture, e => Assert.Equal(("ops@example.com", "10.0.0.1"), (e.Event.Actor, e.Event.Origin)));
        Assert.All(entries.Except(capture), e => Assert.Equal(AuditEvent.SystemActor, e.Event.Actor));
        Assert.Null(OperationContext.Current);
    }

    [Fact]
    public async Task CaptureAsync_DeclinedPayment_RefusedIllegalTransitionIsRecorded()
    {
        var f = new PaymentFixture();
        var declined = await f.Processor.ProcessAsync(PaymentFixture.Request(payer: TestInstruments.Stolen));

        await Assert.ThrowsAsync<InvalidTransitionException>(() => f.Processor.CaptureAsync("merchant-1", declined.Id).AsTask());

        var refused = Assert.Single(await f.Store.AuditLog.ReadAsync(0, 100), e => e.Event.EventType == AuditEventTypes.OperationRefused);
        Assert.Equal(AuditOutcome.Failure, refused.Event.Outcome);
        Assert.Equal("transaction/" + declined.Id, refused.Event.Resource);
        Assert.Equal("capture refused: illegal transition Declined -> Captured", refused.Event.Detail);
    }

    [Fact]
    public async Task ProcessAsync_SameKeyOtherAmount_IdempotencyConflictIsRecordedWithTheFieldNotTheValue()
    {
        var f = new PaymentFixture();
        await f.Processor.ProcessAsync(PaymentFixture.Request());

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => f.Processor.ProcessAsync(PaymentFixture.Request(amount: Money.FromMajor(99.99m, Currency.USD))).AsTask());

        var refused = Assert.Single(await f.Store.AuditLog.ReadAsync(0, 100), e => e.Event.EventType == AuditEventTypes.OperationRefused);
        Assert.Equal("process refused: idempotency conflict: Amount differ", refused.Event.Detail);
        Assert.DoesNotContain("99.99", refused.Event.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_InvalidRequest_ValidationRefusalNamesFieldAndRuleAndNothingIsStored()
    {
        var f = new PaymentFixture();

        await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.ProcessAsync(PaymentFixture.Request(amount: Money.FromMinor(-5, Currency.USD))).AsTask());

        var entries = await f.Store.AuditLog.ReadAsync(0, 100);
        var refused = Assert.Single(entries, e => e.Event.EventType == AuditEventTypes.OperationRefused);
        Assert.StartsWith("process refused: validation: Amount ", refused.Event.Detail, StringComparison.Ordinal);
        Assert.Equal(0, f.Store.Count);
        Assert.DoesNotContain(entries, e => e.Event.EventType == AuditEventTypes.StateChanged);
    }

    [Fact]
    public async Task ProcessAsync_AuditOff_NothingIsAppended()
    {
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, Microsoft.Extensions.Options.Options.Create(new PaymentProcessorOptions { Audit = false }));

        await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(0, store.AuditLog.Count);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Entries_CardPaymentsDeclinesAndRefusals_HoldNoCardDataAndNoAuthorizationCode()
    {
        var f = new PaymentFixture([new VelocityRule(TimeSpan.FromHours(24), 5, Money.FromMajor(500m, Currency.USD)), AmountLimitRule.Maximum(Money.FromMajor(100m, Currency.USD))]);
        var approved = await f.Processor.ProcessAsync(PaymentFixture.Request("a"));
        await f.Processor.ProcessAsync(PaymentFixture.Request("b", payer: TestInstruments.Stolen));
        await f.Processor.ProcessAsync(PaymentFixture.Request("c", amount: Money.FromMajor(150m, Currency.USD)));
        await f.Processor.RefundAsync("merchant-1", approved.Id, Money.FromMajor(1m, Currency.USD), "refund-1");
        await Assert.ThrowsAnyAsync<Exception>(() => f.Processor.VoidAsync("merchant-1", approved.Id).AsTask());

        var entries = await f.Store.AuditLog.ReadAsync(0, 1000);
        Assert.True(entries.Count >= 8);
        var code = approved.Transaction.AuthorizationCode!;
        foreach (var e in entries)
        {
            foreach (var field in new[] { e.Event.Actor, e.Event.EventType, e.Event.Resource, e.Event.Origin, e.Event.Detail })
            {
                // The resource is a derived transaction id (32 hex digits), whose digit runs pass a Luhn check for
                // about one id in 470: it is checked for its form (an id, or a name such as "processor") instead.
                if (ReferenceEquals(field, e.Event.Resource))
                {
                    Assert.Matches("^(transaction/txn_[0-9a-f]{32}|[a-z_]+)$", field);
                }
                else
                {
                    Assert.Equal(CardDataKind.None, CardDataDetector.Find(field ?? string.Empty));
                }

                Assert.DoesNotContain("424242", field ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain(code, field ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain("tok_", field ?? string.Empty, StringComparison.Ordinal);
                Assert.DoesNotContain("refund-1", field ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ProcessAsync_Rules_EveryDecisionWithFiguresOnTheRecordFromGetAndInTheAudit()
    {
        var f = new PaymentFixture([new VelocityRule(TimeSpan.FromHours(24), 5, Money.FromMajor(500m, Currency.USD)), AmountLimitRule.Maximum(Money.FromMajor(100m, Currency.USD))]);
        for (var i = 0; i < 4; i++)
        {
            await f.Processor.ProcessAsync(PaymentFixture.Request("p" + i, amount: Money.FromMajor(87.50m, Currency.USD)));
        }

        var fifth = await f.Processor.ProcessAsync(PaymentFixture.Request("p4", amount: Money.FromMajor(20m, Currency.USD)));

        var read = await f.Processor.GetAsync("merchant-1", fifth.Id);
        Assert.Equal(
            ["velocity: 4 payments, 350.00 USD in 24 h; limit 5 / 500.00 USD: approve", "amount_limit: amount 20.00 USD; limits none to 100.00 USD: approve"],
            read!.RuleDecisions.Select(d => d.ToString()));
        Assert.Equal(new RuleFigure("count", "4"), read.RuleDecisions[0].Figures[0]);
        Assert.Equal(new RuleFigure("sum", "350.00 USD"), read.RuleDecisions[0].Figures[1]);
        var created = (await f.Store.AuditLog.ReadAsync(0, 100)).Single(e => e.Event.Resource == "transaction/" + fifth.Id && e.Event.Detail!.StartsWith("created", StringComparison.Ordinal));
        Assert.Contains("velocity: 4 payments, 350.00 USD in 24 h; limit 5 / 500.00 USD: approve", created.Event.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_RuleDeclines_DecisionsStopAtTheDeclineInOrder()
    {
        var f = new PaymentFixture([AmountLimitRule.Maximum(Money.FromMajor(5m, Currency.USD)), new AllowedCurrenciesRule(Currency.USD)]);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var decision = Assert.Single(result.Transaction.RuleDecisions);
        Assert.Equal(("amount_limit", RuleVerdict.Decline), (decision.Rule, decision.Verdict));
        Assert.Equal("amount 10.05 USD; limits none to 5.00 USD", decision.Explanation);
    }

    [Fact]
    public async Task RecoverAsync_FinishesAPayment_ItsWritesAreRecoveryActions()
    {
        // The authorization is approved but its answer lost, and status queries go unanswered: the payment stays
        // Received until recovery asks (as RecoveryTests does).
        var store = new InMemoryTransactionStore();
        var time = new Testing.Time.FastForwardTimeProvider();
        var scripted = new Testing.Authorization.ScriptedAuthorizer(new InMemoryAuthorizer());
        var blind = new BlindQueries(scripted);
        var processor = new PaymentProcessor([], blind, store, null, time);
        scripted.Then(AuthorizerOperation.Authorize, Testing.Authorization.ScriptStep.TimeoutAfterProcessing);
        var pending = await processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        Assert.Equal(PaymentOutcome.Pending, pending.Outcome);
        blind.Blind = false;

        time.Advance(TimeSpan.FromMinutes(6));
        await processor.RecoverAsync();

        var recovery = (await store.AuditLog.ReadAsync(0, 100)).Where(e => e.Event.EventType == AuditEventTypes.RecoveryAction).ToList();
        Assert.NotEmpty(recovery);
        Assert.All(recovery, e => Assert.Equal((AuditEvent.SystemActor, "recovery"), (e.Event.Actor, e.Event.Origin)));
        Assert.Contains(recovery, e => e.Event.Detail!.StartsWith("Received -> Authorized", StringComparison.Ordinal));
    }
}
