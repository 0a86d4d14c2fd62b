using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

/// <summary>
/// Issue 9 ("Never left wrong"): the five situations that left a payment wrong or stuck, or reported money that did
/// not move. Each test failed on the processor before the split and names what it protects.
/// </summary>
public sealed class NeverLeftWrongTests
{
    private static readonly TransactionId Order1 = TransactionId.For("merchant-1", "order-1");

    /// <summary>Situation 1: a void during a full capture's wait is refused, so the authorizer never sees both.</summary>
    [Fact]
    public async Task FullCaptureRacingVoid_VoidRefusedInProgress_StoreAndIssuerAgreeOnCaptured()
    {
        var f = new ReliabilityFixture();
        var gate = new GatedCaptures(f.Scripted);
        var processor = new PaymentProcessor([], gate, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        var authorized = await processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual, amount: Money.FromMajor(50m, Currency.USD)));

        var capture = processor.CaptureAsync("merchant-1", authorized.Id).AsTask();
        await gate.Entered.Task; // the capture is at the authorizer, its answer not back yet
        var ex = await Assert.ThrowsAsync<OperationInProgressException>(async () => await processor.VoidAsync("merchant-1", authorized.Id));
        gate.Release.SetResult();
        var captured = await capture;

        Assert.Equal((AuthorizerOperation.Capture, PaymentOperation.Void), (ex.InFlight, ex.Requested));
        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured, Money.FromMajor(50m, Currency.USD)), (captured.Outcome, captured.Status, captured.Transaction.Captured));
        Assert.Equal(HoldState.Captured, f.Issuer.GetHold("merchant-1", "order-1")!.State);
        Assert.Empty(f.Issuer.Mistakes);
        f.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, (await processor.RecoverAsync()).Unresolved);
        f.AssertConsistent();
    }

    /// <summary>Situation 2: a void the authorizer refuses ends the attempt; the payment is Authorized again and can be captured.</summary>
    [Fact]
    public async Task VoidRefusedByAuthorizer_ReportsDeclinedAndPaymentCanStillBeCaptured()
    {
        var f = new ReliabilityFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        f.Scripted.Then(AuthorizerOperation.Void, ScriptStep.PermanentFailure);

        var voided = await f.Processor.VoidAsync("merchant-1", authorized.Id);
        var captured = await f.Processor.CaptureAsync("merchant-1", authorized.Id);

        Assert.Equal((PaymentOperation.Void, PaymentOutcome.Declined, TransactionStatus.Authorized), (voided.Operation, voided.Outcome, voided.Status));
        Assert.Null(voided.Transaction.Pending);
        Assert.Equal(("scripted_permanent", DeclineAdvice.DoNotRetry), (voided.Decline!.Code, voided.Advice));
        var refusal = voided.Transaction.History[^1];
        Assert.Equal((true, AuthorizerOperation.Void, "void_refused:scripted_permanent"), (refusal.Refused, refusal.Operation, refusal.Reason));
        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (captured.Outcome, captured.Status));
        await f.Dispatcher.DispatchAsync();
        Assert.Contains(f.Notifier.EventsFor(authorized.Id), e => e.Type == "payment.void_refused");
        f.AssertConsistent();
    }

    /// <summary>Situation 3: a capture answered 503 on every attempt says Failed (it did not happen), not Approved.</summary>
    [Fact]
    public async Task CaptureTransientOnEveryAttempt_ReportsFailedWithAdviceAndNothingPending()
    {
        var f = new ReliabilityFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        f.Scripted.Then(AuthorizerOperation.Capture, Enumerable.Repeat(ScriptStep.TransientFailure, f.Options.Capture.MaxAttempts).ToArray());

        var failed = await f.Processor.CaptureAsync("merchant-1", authorized.Id);
        var retried = await f.Processor.CaptureAsync("merchant-1", authorized.Id);

        Assert.Equal((PaymentOutcome.Failed, TransactionStatus.Authorized, "capture_failed:scripted_transient"), (failed.Outcome, failed.Status, failed.FailureReason));
        Assert.Equal(DeclineAdvice.TryAgainLater, failed.Advice);
        Assert.Null(failed.Transaction.Pending);
        Assert.Equal(Money.Zero(Currency.USD), failed.Transaction.Captured);
        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (retried.Outcome, retried.Status));
        f.AssertConsistent();
    }

    /// <summary>
    /// Situation 4: 10,000 healthy manual holds and a recovery batch of 10 do not delay an unknown outcome by one
    /// pass: the holds are not candidates before their capture deadline.
    /// </summary>
    [Fact]
    public async Task RecoveryWithManyHealthyHolds_UnknownOutcomeTakenUpInTheFirstPass()
    {
        var f = new ReliabilityFixture(configure: o => o.RecoveryBatchSize = 10);
        var blind = new BlindQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        for (var i = 0; i < 10_000; i++)
        {
            await processor.ProcessAsync(PaymentFixture.Request("hold-" + i, Money.FromMinor(100, Currency.USD), mode: CaptureMode.Manual));
        }

        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing); // charged, the answer lost
        var lost = await processor.ProcessAsync(PaymentFixture.Request("order-1"));
        Assert.Equal((PaymentOutcome.Pending, "authorization_outcome_unknown"), (lost.Outcome, lost.PendingReason));
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));

        var down = await processor.RecoverAsync(); // the status API is down: counted with its reason, due again later
        blind.Blind = false;
        f.Time.Advance(f.Options.MaxRecoveryInterval);
        var up = await processor.RecoverAsync();

        Assert.Equal((1, 1), (down.Examined, down.Unresolved));
        Assert.Equal(1, down.UnresolvedReasons["authorization_outcome_unknown"]);
        Assert.Equal((1, 1, 1, 0), (up.Examined, up.Authorized, up.Captured, up.Unresolved));
        Assert.Equal(TransactionStatus.Captured, (await processor.GetAsync("merchant-1", Order1))!.Status);
        f.AssertConsistent();
    }

    /// <summary>Situation 5: the fee is charged on what was captured, and a voided payment has none.</summary>
    [Fact]
    public async Task Fees_OnTheCapturedAmount_AndZeroWhenVoided()
    {
        var f = new PaymentFixture([FeeRule.For(Currency.USD, rate: 0.029m, fixedMinorUnits: 30)]);
        var big = await f.Processor.ProcessAsync(PaymentFixture.Request("order-1", Money.FromMajor(120m, Currency.USD), mode: CaptureMode.Manual));
        Assert.Equal(Money.FromMajor(3.78m, Currency.USD), big.Transaction.Fee); // quoted on the authorization

        var captured = await f.Processor.CaptureAsync("merchant-1", big.Id, Money.FromMajor(100m, Currency.USD));
        var other = await f.Processor.ProcessAsync(PaymentFixture.Request("order-2", Money.FromMajor(90m, Currency.USD), mode: CaptureMode.Manual));
        var voided = await f.Processor.VoidAsync("merchant-1", other.Id);

        Assert.Equal(Money.FromMajor(3.20m, Currency.USD), captured.Transaction.Fee); // 2.9 % of 100.00 + 0.30
        Assert.Equal(Money.Zero(Currency.USD), voided.Transaction.Fee);
    }

    /// <summary>Several partial captures, each with its own key, up to the authorized amount; the final one releases the rest.</summary>
    [Fact]
    public async Task PartialCaptures_ThenFinal_ReleasesTheRestAndRefusesMore()
    {
        var f = new PaymentFixture([FeeRule.For(Currency.USD, rate: 0.029m, fixedMinorUnits: 30)]);
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(amount: Money.FromMajor(100m, Currency.USD), mode: CaptureMode.Manual));

        var first = await f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(30m, Currency.USD), finalCapture: false, captureKey: "ship-1");
        var again = await f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(30m, Currency.USD), finalCapture: false, captureKey: "ship-1");
        var last = await f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(50m, Currency.USD), captureKey: "ship-2");

        Assert.Equal((TransactionStatus.Captured, true, Money.FromMajor(70m, Currency.USD)), (first.Status, first.Transaction.CaptureOpen, first.Transaction.Capturable));
        Assert.True(again.Replayed);
        Assert.Equal((Money.FromMajor(80m, Currency.USD), false), (last.Transaction.Captured, last.Transaction.CaptureOpen));
        Assert.Equal(Money.FromMajor(2.62m, Currency.USD), last.Transaction.Fee); // 2.9 % of 80.00 + 0.30
        Assert.Equal(Money.Zero(Currency.USD), f.Issuer.GetHeld("tok_approve", Currency.USD)); // the rest of the hold was released
        await Assert.ThrowsAsync<InvalidTransitionException>(async () => await f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(1m, Currency.USD), captureKey: "ship-3"));
        var keys = authorized.Transaction.History.Length > 0 ? (await f.Processor.GetAsync("merchant-1", authorized.Id))!.History.Where(h => h.Operation == AuthorizerOperation.Capture).Select(h => h.Reference).ToList() : [];
        Assert.Equal(2, keys.Distinct().Count()); // each capture kept the authorizer's own reference
    }

    /// <summary>Per-operation authorizer keys: deterministic, distinct, and within Stripe's 255 characters whatever the caller's key.</summary>
    [Fact]
    public void OperationKeys_AreDistinctBoundedAndDeterministic()
    {
        var id = TransactionId.For("merchant-1", new string('k', 255));
        string[] keys = [OperationKeys.Authorize(id), OperationKeys.For(id, AuthorizerOperation.Capture, 2), OperationKeys.For(id, AuthorizerOperation.Void, 2), OperationKeys.For(id, AuthorizerOperation.Refund, 3)];

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, k => Assert.InRange(k.Length, 1, 64));
        Assert.Equal(keys[1], OperationKeys.For(id, AuthorizerOperation.Capture, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => OperationKeys.For(id, AuthorizerOperation.Authorize, 2));
    }

    /// <summary>An authorizer whose captures wait at a gate, so a test can act while a capture is in flight.</summary>
    private sealed class GatedCaptures(IAuthorizer inner) : IAuthorizer
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => inner.Name;

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.AuthorizeAsync(request, cancellationToken);

        public async ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return await inner.CaptureAsync(request, cancellationToken);
        }

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);
    }
}
