using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Testing;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing.Authorization;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

// Issue 11, "Durable throughput": the one-step sale. Automatic capture on an authorizer that sells the payment takes
// one authorizer call and two store writes (create, then Captured), the Authorized step kept as history.
public sealed class SaleTests
{
    private static readonly TransactionId Order1 = TransactionId.For("merchant-1", "order-1");

    private static ReliabilityFixture Selling(int authorizers = 1, Func<int, bool>? sale = null) => new(authorizers, sale: sale ?? (_ => true));

    private static PaymentProcessor WithFee(ReliabilityFixture f) =>
        new([FeeRule.For(Currency.USD, rate: 0.029m, fixedMinorUnits: 30)], [.. f.Route.Cast<IAuthorizer>()], f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);

    [Fact]
    public async Task Process_SaleAuthorizer_CapturedInTwoStoreWritesAndOneCall()
    {
        var f = Selling();
        var processor = WithFee(f);

        var result = await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured, false), (result.Outcome, result.Status, result.Replayed));
        Assert.Equal(2, f.Store.Writes); // the create (Received, the sale's intent) and Captured
        Assert.Equal([(AuthorizerOperation.Sale, OperationKeys.Sale(Order1))], f.Scripted.Calls.Select(c => (c.Operation, c.Key)));
        var record = result.Transaction;
        Assert.Equal((2L, Money.FromMajor(10.05m, Currency.USD), Money.FromMajor(10.05m, Currency.USD), false, 1), (record.Version, record.Authorized, record.Captured, record.CaptureOpen, record.Operations));
        Assert.Equal(("acq-a", "A000001"), (record.Authorizer, record.AuthorizationCode));
        Assert.Null(record.Pending);

        // The history still tells both steps: the authorization (its reference), then the capture, in one write.
        Assert.Collection(
            record.History,
            c => Assert.Equal((1L, TransactionStatus.Received, TransactionStatus.Received, (AuthorizerOperation?)null), (c.Version, c.From, c.To, c.Operation)),
            c => Assert.Equal((2L, TransactionStatus.Received, TransactionStatus.Authorized, (AuthorizerOperation?)AuthorizerOperation.Authorize, "sa_00000001", record.Amount), (c.Version, c.From, c.To, c.Operation, c.Reference, c.Amount)),
            c => Assert.Equal((2L, TransactionStatus.Authorized, TransactionStatus.Captured, (AuthorizerOperation?)AuthorizerOperation.Capture, "sa_00000001", record.Amount), (c.Version, c.From, c.To, c.Operation, c.Reference, c.Amount)));
        Assert.Equal("sa_00000001", record.AuthorizationReference);

        // The fee is charged on what was captured, as after a two-step capture: 2.9 % of 10.05 (0.29) + 0.30.
        Assert.Equal(Money.FromMinor(59, Currency.USD), record.Fee);
        PaymentInvariants.AssertConsistent(record);
        Assert.Equal(new IssuerHold(TestInstruments.Approves.Token, record.Amount, record.Amount, Money.Zero(Currency.USD), HoldState.Captured), f.Issuer.GetHold("merchant-1", "order-1"));
        Assert.Equal(record.Amount, f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleAuthorizer_OneEventPerWrite()
    {
        var f = Selling();

        await f.Processor.ProcessAsync(PaymentFixture.Request());
        await f.Dispatcher.DispatchAsync();

        // No payment.authorized: the Authorized step had no commit of its own, so no event either.
        Assert.Equal(["payment.received v1", "payment.captured v2"], f.Notifier.DistinctEvents().Select(e => $"{e.Type} v{e.Version}"));
    }

    [Fact]
    public async Task Process_AuthorizerWithoutSale_ThreeStoreWritesAsBefore()
    {
        var f = new ReliabilityFixture();
        var processor = WithFee(f);

        var result = await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (result.Outcome, result.Status));
        Assert.Equal(3, f.Store.Writes);
        Assert.Equal([AuthorizerOperation.Authorize, AuthorizerOperation.Capture], f.Scripted.Calls.Select(c => c.Operation));
        Assert.Equal([1L, 2L, 3L], result.Transaction.History.Select(c => c.Version));
        Assert.Equal(Money.FromMinor(59, Currency.USD), result.Transaction.Fee); // the same fee as the sale's
    }

    [Fact]
    public async Task Process_ManualCaptureOnSaleAuthorizer_AuthorizesOnly()
    {
        var f = Selling();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Authorized), (result.Outcome, result.Status));
        Assert.Equal(2, f.Store.Writes);
        Assert.Equal([(AuthorizerOperation.Authorize, OperationKeys.Authorize(Order1))], f.Scripted.Calls.Select(c => (c.Operation, c.Key)));

        var captured = await f.Processor.CaptureAsync("merchant-1", result.Id);

        Assert.Equal(TransactionStatus.Captured, captured.Status);
        Assert.Equal([AuthorizerOperation.Authorize, AuthorizerOperation.Capture], f.Scripted.Calls.Select(c => c.Operation));
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleDeclined_DeclinedAsForAnAuthorization()
    {
        var f = Selling();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(payer: TestInstruments.Stolen));

        Assert.Equal((PaymentOutcome.Declined, TransactionStatus.Declined, DeclineCodes.StolenCard, DeclineAdvice.DoNotRetry), (result.Outcome, result.Status, result.Decline!.Code, result.Advice));
        Assert.Equal(2, f.Store.Writes);
        Assert.Null(result.Transaction.Pending);
        Assert.Equal((AuthorizerOperation?)AuthorizerOperation.Authorize, result.Transaction.History[^1].Operation);
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task Process_SaleInsufficientFunds_DeclinedNothingTaken()
    {
        var f = Selling();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(payer: TestInstruments.InsufficientFunds));

        Assert.Equal((PaymentOutcome.Declined, DeclineCodes.InsufficientFunds), (result.Outcome, result.Decline!.Code));
        Assert.Equal(Money.Zero(Currency.USD), f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
    }

    [Fact]
    public async Task Process_SaleFailsTransiently_RetriedWithOneKeyThenFailed()
    {
        var f = Selling();
        f.Options.Authorize.MaxAttempts = 3;
        var processor = f.NewProcessor();

        var result = await processor.ProcessAsync(PaymentFixture.Request(payer: TestInstruments.TransientFailure));

        Assert.Equal((PaymentOutcome.Failed, TransactionStatus.Failed, DeclineAdvice.TryAgainLater), (result.Outcome, result.Status, result.Advice));
        Assert.Equal(Enumerable.Repeat((AuthorizerOperation.Sale, OperationKeys.Sale(Order1)), 3), f.Scripted.Calls.Select(c => (c.Operation, c.Key)));
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task Process_SaleTransientThenApproved_OneKeyOneCharge()
    {
        var f = Selling();
        f.Scripted.Then(AuthorizerOperation.Sale, ScriptStep.TransientFailure, ScriptStep.TransientFailure);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(TransactionStatus.Captured, result.Status);
        Assert.Equal(3, f.Scripted.Calls.Count);
        Assert.All(f.Scripted.Calls, c => Assert.Equal((AuthorizerOperation.Sale, OperationKeys.Sale(Order1)), (c.Operation, c.Key)));
        Assert.Equal(2, f.Store.Writes);
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleResponseLost_ResolvedByQueryNotResent()
    {
        var f = Selling();
        f.Scripted.Then(AuthorizerOperation.Sale, ScriptStep.TimeoutAfterProcessing);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (result.Outcome, result.Status));
        Assert.Single(f.Scripted.Calls); // the query said Approved: no second sale
        Assert.Equal(result.Transaction.Amount, f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleOutcomeUnknown_PendingWithTheSaleInFlight()
    {
        var (f, _) = await LeaveUnknownAsync(ScriptStep.TimeoutAfterProcessing);

        var record = (await f.Processor.GetAsync("merchant-1", Order1))!;

        Assert.Equal(TransactionStatus.Received, record.Status);
        Assert.Equal((AuthorizerOperation.Sale, OperationKeys.Sale(Order1), true, 0), (record.Pending!.Operation, record.Pending.AuthorizerKey, record.Pending.OutcomeUnknown, record.Pending.Attempts));
    }

    [Fact]
    public async Task Recover_SaleDoneButUnrecorded_RecordedCapturedWithItsAuthorizedStep()
    {
        var (f, _) = await LeaveUnknownAsync(ScriptStep.TimeoutAfterProcessing);

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal((1, 1, 1, 0), (summary.Examined, summary.Authorized, summary.Captured, summary.Failed));
        var record = (await f.Processor.GetAsync("merchant-1", Order1))!;
        Assert.Equal((TransactionStatus.Captured, record.Amount, "acq-a"), (record.Status, record.Captured, record.Authorizer));
        Assert.Equal([TransactionStatus.Received, TransactionStatus.Authorized, TransactionStatus.Captured], record.History.Select(c => c.To));
        Assert.Equal(record.History[^1].Version, record.History[^2].Version);
        Assert.Single(f.Scripted.Calls, c => c.Operation == AuthorizerOperation.Sale); // asked, never resent
        Assert.DoesNotContain(f.Scripted.Calls, c => c.Operation is AuthorizerOperation.Authorize or AuthorizerOperation.Capture or AuthorizerOperation.Void);
        f.AssertConsistent();
    }

    [Fact]
    public async Task Recover_SaleNeverReachedTheAuthorizer_Fails()
    {
        var (f, _) = await LeaveUnknownAsync(ScriptStep.TimeoutBeforeSending);

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal(1, summary.Failed);
        var record = (await f.Processor.GetAsync("merchant-1", Order1))!;
        Assert.Equal((TransactionStatus.Failed, "authorization_not_completed", (PendingOperation?)null), (record.Status, record.FailureReason, record.Pending));
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task Recover_SaleStillUnknown_StaysReceivedNeverGuessed()
    {
        var (f, blind) = await LeaveUnknownAsync(ScriptStep.TimeoutAfterProcessing);
        blind.Blind = true;
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);

        var summary = await processor.RecoverAsync();

        Assert.Equal((1, 1, 0), (summary.Examined, summary.Unresolved, summary.Failed));
        Assert.Equal(1, summary.UnresolvedReasons["sale_outcome_unknown"]);
        var record = (await f.Processor.GetAsync("merchant-1", Order1))!;
        Assert.Equal((TransactionStatus.Received, AuthorizerOperation.Sale, 1), (record.Status, record.Pending!.Operation, record.Pending.Attempts));

        // The money was taken: once the authorizer can tell, recovery records it.
        f.Time.Advance(f.Options.MaxRecoveryInterval);
        await f.Processor.RecoverAsync();
        Assert.Equal(TransactionStatus.Captured, (await f.Processor.GetAsync("merchant-1", Order1))!.Status);
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_CrashBetweenSaleAndItsWrite_RecoveryRecordsTheCaptureOnce()
    {
        var f = Selling();
        f.Store.FailWrites.Enqueue(false); // the Captured write never reaches the store: as a crash after the sale

        await Assert.ThrowsAsync<IOException>(async () => await f.Processor.ProcessAsync(PaymentFixture.Request()));

        var left = (await f.Processor.GetAsync("merchant-1", Order1))!;
        Assert.Equal((TransactionStatus.Received, AuthorizerOperation.Sale, false), (left.Status, left.Pending!.Operation, left.Pending.OutcomeUnknown));
        Assert.Equal(HoldState.Captured, f.Issuer.GetHold("merchant-1", "order-1")!.State); // the money is taken already
        Assert.Equal(0, (await f.Processor.RecoverAsync()).Examined); // not before RecoverAfter: the caller may still be writing

        // A replay meanwhile says it is in flight, and sends nothing.
        var replay = await f.Processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal((PaymentOutcome.Pending, true), (replay.Outcome, replay.Replayed));

        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        var summary = await f.NewProcessor().RecoverAsync();

        Assert.Equal((1, 1), (summary.Authorized, summary.Captured));
        Assert.Equal(TransactionStatus.Captured, (await f.Processor.GetAsync("merchant-1", Order1))!.Status);
        Assert.Single(f.Scripted.Calls, c => c.Operation == AuthorizerOperation.Sale);
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleWriteAppliedButAnswerLost_ApprovedFromTheStoreAndReplayedWithoutASecondSale()
    {
        var f = Selling();
        f.Store.FailWrites.Enqueue(true);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request()); // read back: the write was applied
        var replay = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Approved, false, TransactionStatus.Captured), (result.Outcome, result.Replayed, result.Status));

        Assert.Equal((PaymentOutcome.Approved, true, TransactionStatus.Captured), (replay.Outcome, replay.Replayed, replay.Status));
        Assert.Single(f.Scripted.Calls);
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleWriteAnswerLostAndTheStoreCannotBeRead_RethrowsNothingRolledBack()
    {
        var f = Selling();
        f.Store.FailWrites.Enqueue(true);
        f.Store.FailReads = true;

        await Assert.ThrowsAsync<IOException>(async () => await f.Processor.ProcessAsync(PaymentFixture.Request()));
        f.Store.FailReads = false;

        Assert.Equal(TransactionStatus.Captured, (await f.Processor.GetAsync("merchant-1", Order1))!.Status);
        Assert.Single(f.Scripted.Calls);
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SameRequestAgain_ReplaysWithoutASecondSale()
    {
        var f = Selling();

        var first = await f.Processor.ProcessAsync(PaymentFixture.Request());
        var again = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Approved, true), (again.Outcome, again.Replayed));
        Assert.Equal(first.Transaction, again.Transaction);
        Assert.Single(f.Scripted.Calls);
        Assert.Equal(3, f.Store.Writes); // the replay's create found the record under the key: asked, nothing written
        Assert.Equal(2L, (await f.Inner.GetAsync(Order1))!.Version);
    }

    [Fact]
    public async Task Refund_AfterSale_TakesTheNextOperationNumber()
    {
        var f = Selling();
        var sold = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var refunded = await f.Processor.RefundAsync("merchant-1", sold.Id, Money.FromMajor(5m, Currency.USD), refundKey: "refund-1");

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.PartiallyRefunded), (refunded.Outcome, refunded.Status));
        Assert.Equal((AuthorizerOperation.Refund, OperationKeys.For(Order1, AuthorizerOperation.Refund, 2)), (f.Scripted.Calls.Last().Operation, f.Scripted.Calls.Last().Key));
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleAuthorizerUnreachable_NextAuthorizerWithoutSaleAuthorizesAndCaptures()
    {
        var f = Selling(authorizers: 2, sale: i => i == 0);
        f.Route[0].Then(AuthorizerOperation.Sale, ScriptStep.Unreachable);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((TransactionStatus.Captured, "acq-b"), (result.Status, result.Transaction.Authorizer));
        Assert.Equal([AuthorizerOperation.Authorize, AuthorizerOperation.Capture], f.Route[1].Calls.Select(c => c.Operation));
        Assert.Equal(OperationKeys.Authorize(Order1), f.Route[1].Calls.First().Key);
        Assert.Equal(3, f.Store.Writes); // the two-step path at the authorizer that took it
        f.AssertConsistent();
    }

    [Fact]
    public async Task Recover_FailedOverAuthorizationUnrecorded_AsksEachAuthorizerWhatItWasSent()
    {
        var f = Selling(authorizers: 2, sale: i => i == 0);
        f.Route[0].Then(AuthorizerOperation.Sale, ScriptStep.Unreachable);
        f.Store.FailWrites.Enqueue(false); // the authorization's write is lost, and so is its rollback's
        f.Store.FailWrites.Enqueue(false);
        f.Route[1].Then(AuthorizerOperation.Void, ScriptStep.TimeoutBeforeSending, ScriptStep.TimeoutBeforeSending, ScriptStep.TimeoutBeforeSending); // never done

        await Assert.ThrowsAsync<IOException>(async () => await f.Processor.ProcessAsync(PaymentFixture.Request()));
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        await f.Processor.RecoverAsync();

        var record = (await f.Processor.GetAsync("merchant-1", Order1))!;
        Assert.Equal((TransactionStatus.Captured, "acq-b"), (record.Status, record.Authorizer));
        Assert.Empty(f.Issuers[0].GetHolds());
        f.AssertConsistent();
    }

    [Fact]
    public async Task Process_SaleAskedToAuthenticate_ConfirmCompletesTheSale()
    {
        var store = new InMemoryTransactionStore();
        var time = new Testing.Time.FastForwardTimeProvider();
        var seller = new ChallengingSeller(new InMemoryAuthorizer(new InMemoryAuthorizerOptions { SupportsSale = true }));
        var processor = new PaymentProcessor([], seller, store, null, time);

        var waiting = await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.RequiresAction, TransactionStatus.RequiresAction), (waiting.Outcome, waiting.Status));
        Assert.Equal((AuthorizerOperation?)AuthorizerOperation.Sale, waiting.Transaction.History[^1].Operation);
        Assert.Empty(seller.Inner.GetHolds());

        var confirmed = await processor.ConfirmStepUpAsync("merchant-1", waiting.Id, "AUTH-OK", "confirm-1");

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (confirmed.Outcome, confirmed.Status));
        Assert.Equal([(AuthorizerOperation.Sale, OperationKeys.Sale(waiting.Id))], seller.Completed);
        Assert.Equal(HoldState.Captured, seller.Inner.GetHold("merchant-1", "order-1")!.State);
        PaymentInvariants.AssertConsistent(confirmed.Transaction);
        PaymentInvariants.AssertLedgerAgrees(seller.Inner, store.Snapshot());
    }

    [Fact]
    public async Task Recover_SaleChallengeExpired_PayerCompletedItAtTheBank_AsksAboutTheSaleAndRecordsTheCapture()
    {
        var store = new InMemoryTransactionStore();
        var time = new Testing.Time.FastForwardTimeProvider();
        var seller = new ChallengingSeller(new InMemoryAuthorizer(new InMemoryAuthorizerOptions { SupportsSale = true }));
        var processor = new PaymentProcessor([], seller, store, null, time);
        var waiting = await processor.ProcessAsync(PaymentFixture.Request());

        // The payer finished the challenge at the bank and never came back: the issuer took the money under the sale's key.
        await seller.Inner.SaleAsync(new AuthorizerRequest(AuthorizerOperation.Sale, waiting.Id, OperationKeys.Sale(waiting.Id), waiting.Transaction.Amount, waiting.Transaction.Request));
        time.Advance(TimeSpan.FromDays(1));
        var summary = await processor.RecoverAsync();

        var record = (await processor.GetAsync("merchant-1", waiting.Id))!;
        Assert.Equal((1, 1), (summary.Authorized, summary.Captured));
        Assert.Equal((TransactionStatus.Captured, record.Amount), (record.Status, record.Captured));
        Assert.Equal([TransactionStatus.Received, TransactionStatus.RequiresAction, TransactionStatus.Authorized, TransactionStatus.Captured], record.History.Select(c => c.To));
        PaymentInvariants.AssertLedgerAgrees(seller.Inner, store.Snapshot());
    }

    [Fact]
    public async Task Process_RuleDeclinesOnSaleAuthorizer_NothingSentOneWrite()
    {
        var f = Selling();
        var processor = new PaymentProcessor([AmountLimitRule.Maximum(Money.FromMajor(5m, Currency.USD))], [.. f.Route.Cast<IAuthorizer>()], f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);

        var result = await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Declined, TransactionStatus.Declined), (result.Outcome, result.Status));
        Assert.Equal(1, f.Store.Writes);
        Assert.Empty(f.Scripted.Calls);
        Assert.Null(result.Transaction.Pending);
    }

    [Fact]
    public void AssertConsistent_TwoEntriesAtOneVersionThatAreNoSale_Throws()
    {
        var now = DateTimeOffset.UnixEpoch;
        var received = PaymentStateMachine.Received(Order1, PaymentFixture.Request(), Money.Zero(Currency.USD), now, sale: true);
        var sold = PaymentStateMachine.Sell(received, "acq-a", "A1", "sa_1", Money.Zero(Currency.USD), now);
        var tampered = sold with { History = sold.History.SetItem(1, sold.History[1] with { Operation = AuthorizerOperation.Void }) };

        PaymentInvariants.AssertConsistent(sold);
        var error = Assert.Throws<PaymentInvariantException>(() => PaymentInvariants.AssertConsistent(tampered));
        Assert.Contains("history versions increase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconciler_ReceivedSale_ApprovedIsAppliedWithoutARollbackQuestion()
    {
        var now = DateTimeOffset.UnixEpoch;
        var record = PaymentStateMachine.Received(Order1, PaymentFixture.Request(), Money.Zero(Currency.USD), now, sale: true);
        var options = new PaymentProcessorOptions();

        Assert.Equal(RecoveryActionKind.Ask, Reconciler.Decide(record, AuthorizerView.None, now, options).Kind);
        Assert.Equal(RecoveryActionKind.Apply, Reconciler.Decide(record, new AuthorizerView(AuthorizerResult.Approved("A1"), Sale: true), now, options).Kind);
        Assert.Equal(RecoveryActionKind.AskRollbackVoid, Reconciler.Decide(record, new AuthorizerView(AuthorizerResult.Approved("A1")), now, options).Kind); // an authorization after failover
        Assert.Equal(new RecoveryAction(RecoveryActionKind.Fail, "authorization_not_completed"), Reconciler.Decide(record, new AuthorizerView(AuthorizerResult.NotFound(), Sale: true), now, options));
        Assert.Equal(new RecoveryAction(RecoveryActionKind.RetryLater, "sale_outcome_unknown"), Reconciler.Decide(record, new AuthorizerView(AuthorizerResult.Unknown("timeout"), Sale: true), now, options));
        Assert.Equal(RecoveryActionKind.Apply, Reconciler.Decide(record, new AuthorizerView(AuthorizerResult.Declined(DeclineCodes.DoNotHonor), Sale: true), now, options).Kind);
    }

    [Fact]
    public void Json_SaleInFlightAndSoldRecords_RoundTrip()
    {
        var now = DateTimeOffset.UnixEpoch;
        var received = PaymentStateMachine.Received(Order1, PaymentFixture.Request(), Money.Zero(Currency.USD), now, sale: true);
        var sold = PaymentStateMachine.Sell(received, "acq-a", "A1", "sa_1", Money.FromMinor(59, Currency.USD), now.AddSeconds(1));

        Assert.Equal(received, TransactionRecordJson.Deserialize(TransactionRecordJson.Serialize(received)));
        Assert.Equal(sold, TransactionRecordJson.Deserialize(TransactionRecordJson.Serialize(sold)));
        Assert.Equal(OperationKeys.Sale(Order1), received.Pending!.AuthorizerKey);
    }

    [Fact]
    public void OperationKeys_Sale_IsItsOwnKey()
    {
        Assert.Equal(Order1 + ".sale", OperationKeys.Sale(Order1));
        Assert.NotEqual(OperationKeys.Authorize(Order1), OperationKeys.Sale(Order1));
        Assert.True(OperationKeys.Sale(Order1).Length <= 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => OperationKeys.For(Order1, AuthorizerOperation.Sale, 2));
    }

    [Fact]
    public async Task InMemoryAuthorizer_SaleNotOffered_IsAMistake()
    {
        var issuer = new InMemoryAuthorizer();
        var request = new AuthorizerRequest(AuthorizerOperation.Sale, Order1, OperationKeys.Sale(Order1), Money.FromMajor(1m, Currency.USD), PaymentFixture.Request());

        var result = await issuer.SaleAsync(request);

        Assert.False(issuer.SupportsSale(PaymentFixture.Request()));
        Assert.Equal((AuthorizerOutcome.PermanentFailure, "sale_not_supported"), (result.Outcome, result.Code));
        Assert.Single(issuer.Mistakes);
        Assert.Empty(issuer.GetHolds());
    }

    [Fact]
    public async Task InMemoryAuthorizer_AuthorizationAfterSale_IsASecondChargeRefused()
    {
        var issuer = new InMemoryAuthorizer(new InMemoryAuthorizerOptions { SupportsSale = true });
        var payment = PaymentFixture.Request();
        await issuer.SaleAsync(new AuthorizerRequest(AuthorizerOperation.Sale, Order1, OperationKeys.Sale(Order1), payment.Amount, payment));

        var second = await issuer.AuthorizeAsync(new AuthorizerRequest(AuthorizerOperation.Authorize, Order1, OperationKeys.Authorize(Order1), payment.Amount, payment));

        Assert.Equal((AuthorizerOutcome.PermanentFailure, "duplicate_payment"), (second.Outcome, second.Code));
        Assert.Single(issuer.Mistakes);
        Assert.Equal(payment.Amount, issuer.GetReceived(payment.Payee, Currency.USD));
    }

    /// <summary>A processor whose authorizer offers the sale and whose status queries cannot tell, until unblinded.</summary>
    private static async Task<(ReliabilityFixture F, BlindSaleQueries Blind)> LeaveUnknownAsync(ScriptStep step)
    {
        var f = Selling();
        var blind = new BlindSaleQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        f.Scripted.Then(AuthorizerOperation.Sale, step);
        var result = await processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal((PaymentOutcome.Pending, "sale_outcome_unknown"), (result.Outcome, result.PendingReason));
        blind.Blind = false;
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        return (f, blind);
    }

    private sealed class BlindSaleQueries(ScriptedAuthorizer inner) : ISaleAuthorizer
    {
        public bool Blind { get; set; } = true;

        public string Name => inner.Name;

        public bool SupportsSale(PaymentRequest payment) => inner.SupportsSale(payment);

        public ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.SaleAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.AuthorizeAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
            Blind ? new(AuthorizerResult.Unknown("query_unavailable")) : inner.QueryAsync(request, cancellationToken);
    }

    /// <summary>Asks the payer to authenticate every sale (3-D Secure), then completes it on the simulated issuer.</summary>
    private sealed class ChallengingSeller(InMemoryAuthorizer inner) : ISaleAuthorizer
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(AuthorizerOperation, string)> _completed = new();

        public InMemoryAuthorizer Inner => inner;

        public IReadOnlyList<(AuthorizerOperation Operation, string Key)> Completed => [.. _completed];

        public string Name => "acquirer-3ds";

        public bool SupportsSale(PaymentRequest payment) => inner.SupportsSale(payment);

        public ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizerResult.AuthenticationRequired(new AuthenticationChallenge(new Uri("https://acs.example/challenge/1"), "creq-1")));

        public ValueTask<AuthorizerResult> CompleteAuthenticationAsync(AuthorizerRequest request, string authenticationResult, CancellationToken cancellationToken = default)
        {
            _completed.Enqueue((request.Operation, request.IdempotencyKey));
            return request.Operation == AuthorizerOperation.Sale ? inner.SaleAsync(request, cancellationToken) : inner.AuthorizeAsync(request, cancellationToken);
        }

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.AuthorizeAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);
    }
}
