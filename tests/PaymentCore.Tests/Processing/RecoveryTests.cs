using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

public sealed class RecoveryTests
{
    private static readonly TransactionId Order1 = TransactionId.For("merchant-1", "order-1");

    /// <summary>A processor whose authorizer's queries cannot tell: operations are left with unknown outcomes, as after a crash.</summary>
    private static async Task<(ReliabilityFixture F, BlindQueries Blind)> LeaveUnknownAsync(AuthorizerOperation operation, ScriptStep step, CaptureMode mode = CaptureMode.Automatic)
    {
        var f = new ReliabilityFixture();
        var blind = new BlindQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        f.Scripted.Then(operation, step);
        await processor.ProcessAsync(PaymentFixture.Request(mode: mode));
        blind.Blind = false;
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        return (f, blind);
    }

    [Fact]
    public async Task RecoverAsync_ReceivedAuthorizedAtIssuer_RecordsAuthorizationAndCaptures()
    {
        var (f, _) = await LeaveUnknownAsync(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal((1, 1, 1), (summary.Examined, summary.Authorized, summary.Captured));
        Assert.Equal(TransactionStatus.Captured, (await f.Processor.GetAsync("merchant-1", Order1))!.Status);
        Assert.Single(f.Scripted.Calls, c => c.Operation == AuthorizerOperation.Authorize); // resolved by query, not resent
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_ReceivedNeverSeen_Fails()
    {
        var (f, _) = await LeaveUnknownAsync(AuthorizerOperation.Authorize, ScriptStep.TimeoutBeforeSending);

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal(1, summary.Failed);
        Assert.Equal((TransactionStatus.Failed, "authorization_not_completed"), ((await f.Processor.GetAsync("merchant-1", Order1))!.Status, (await f.Processor.GetAsync("merchant-1", Order1))!.FailureReason));
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task RecoverAsync_ReceivedDeclinedAtIssuer_RecordsDecline()
    {
        var f = new ReliabilityFixture();
        var blind = new BlindQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);
        await processor.ProcessAsync(PaymentFixture.Request(payer: TestInstruments.Stolen));
        blind.Blind = false;
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal(1, summary.Declined);
        Assert.Equal(DeclineCodes.StolenCard, (await f.Processor.GetAsync("merchant-1", Order1))!.Decline!.Code);
    }

    [Fact]
    public async Task RecoverAsync_QueryStillUnknown_LeavesTheRecord()
    {
        var (f, blind) = await LeaveUnknownAsync(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);
        blind.Blind = true;
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);

        var summary = await processor.RecoverAsync();

        Assert.Equal((1, 1), (summary.Examined, summary.Unresolved));
        Assert.Equal(TransactionStatus.Received, (await f.Processor.GetAsync("merchant-1", Order1))!.Status);
    }

    [Fact]
    public async Task RecoverAsync_TooFresh_IsNotTakenUp()
    {
        var f = new ReliabilityFixture();
        var blind = new BlindQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);
        await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(0, (await f.Processor.RecoverAsync()).Examined);
    }

    [Fact]
    public async Task RecoverAsync_PendingCaptureDoneAtIssuer_RecordsCaptureWithoutResending()
    {
        var (f, _) = await LeaveUnknownAsync(AuthorizerOperation.Capture, ScriptStep.TimeoutAfterProcessing);

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal(1, summary.Captured);
        Assert.Single(f.Scripted.Calls, c => c.Operation == AuthorizerOperation.Capture);
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_PendingCaptureNeverArrived_ResendsWithSameKey()
    {
        var (f, _) = await LeaveUnknownAsync(AuthorizerOperation.Capture, ScriptStep.TimeoutBeforeSending);

        await f.Processor.RecoverAsync();

        Assert.Equal(TransactionStatus.Captured, (await f.Processor.GetAsync("merchant-1", Order1))!.Status);
        Assert.All(f.Scripted.Calls.Where(c => c.Operation == AuthorizerOperation.Capture), c => Assert.Equal(OperationKeys.For(Order1, AuthorizerOperation.Capture, 2), c.Key));
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_AuthorizedAutomatic_Captures()
    {
        var f = new ReliabilityFixture(configure: o => o.Capture.MaxAttempts = 1);
        f.Scripted.Then(AuthorizerOperation.Capture, ScriptStep.Unreachable);
        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal((AuthorizerOperation.Capture, false), (result.Transaction.Pending!.Operation, result.Transaction.Pending.OutcomeUnknown));
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await f.Processor.RecoverAsync()).Captured);
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_ManualAuthorization_LeftUntilExpiryThenVoided()
    {
        var f = new ReliabilityFixture(configure: o => o.CaptureDeadline = TimeSpan.FromHours(1));
        await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        var early = await f.Processor.RecoverAsync();
        f.Time.Advance(TimeSpan.FromHours(1));
        var late = await f.Processor.RecoverAsync();

        Assert.Equal((0, 0, 0), (early.Examined, early.Unresolved, early.Voided)); // a healthy hold is not a candidate before its deadline
        Assert.Equal(1, late.Voided);
        var record = (await f.Processor.GetAsync("merchant-1", Order1))!;
        Assert.Equal((TransactionStatus.Voided, "authorization_expired"), (record.Status, record.History[^1].Reason));
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_AuthorizedButVoidDoneAndUnrecorded_RecordsVoidInsteadOfCapturing()
    {
        var f = new ReliabilityFixture();
        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        f.Store.FailWrites.Enqueue(false); // the void happens at the issuer, its record write fails
        await Assert.ThrowsAsync<IOException>(async () => await f.Processor.VoidAsync("merchant-1", result.Id));
        f.Time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(1, (await f.Processor.RecoverAsync()).Voided);
        Assert.Empty(f.Issuer.Mistakes);
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_PendingRefundNeverArrived_ResendsWithItsKey()
    {
        var f = new ReliabilityFixture(configure: o => o.Refund.MaxAttempts = 1);
        var blind = new BlindQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        var paid = await processor.ProcessAsync(PaymentFixture.Request());
        f.Scripted.Then(AuthorizerOperation.Refund, ScriptStep.TimeoutBeforeSending);
        var refund = await processor.RefundAsync("merchant-1", paid.Id, Money.FromMajor(5m, Currency.USD), "refund-1");
        Assert.True(refund.Transaction.Pending!.OutcomeUnknown);
        blind.Blind = false;
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));

        var summary = await f.Processor.RecoverAsync();

        Assert.Equal(1, summary.Refunded);
        var record = (await f.Processor.GetAsync("merchant-1", paid.Id))!;
        Assert.Equal((TransactionStatus.PartiallyRefunded, "refund-1"), (record.Status, record.History[^1].OperationKey));
        var sent = OperationKeys.For(paid.Id, AuthorizerOperation.Refund, 3); // the third operation of the payment: authorize, capture, refund
        Assert.Equal([sent, sent], f.Scripted.Calls.Where(c => c.Operation == AuthorizerOperation.Refund).Select(c => c.Key));
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_TwoInstancesAtOnce_OneWinsNothingTwice()
    {
        var (f, _) = await LeaveUnknownAsync(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);
        var a = f.NewProcessor();
        var b = f.NewProcessor();

        var summaries = await Task.WhenAll(a.RecoverAsync().AsTask(), b.RecoverAsync().AsTask());

        Assert.Equal(TransactionStatus.Captured, (await a.GetAsync("merchant-1", Order1))!.Status);
        Assert.Equal(1, summaries.Sum(s => s.Captured));
        Assert.Empty(f.Issuer.Mistakes);
        f.AssertConsistent();
    }

    [Fact]
    public async Task RecoverAsync_LostRace_IsSkippedNotAnError()
    {
        var (f, _) = await LeaveUnknownAsync(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);
        var racing = new RacingStore(f.Store, f.Inner);
        var processor = new PaymentProcessor([], f.Scripted, racing, Options.Create(f.Options), f.Time, transactionIds: f.Ids);

        var summary = await processor.RecoverAsync();

        Assert.Equal(1, summary.LostRaces);
    }

    [Fact]
    public async Task Dispatch_NotifierDown_EventsStayThenDeliverAfterBackoff()
    {
        var f = new ReliabilityFixture();
        var down = new DownNotifier();
        var dispatcher = new global::PaymentCore.Outbox.OutboxDispatcher(f.Store, [down], null, f.Time);
        await f.Processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal(3, (await dispatcher.DispatchAsync()).Failed);
        Assert.Equal(3, f.Inner.UndeliveredCount);
        down.Down = false;
        f.Time.Advance(TimeSpan.FromSeconds(5));

        var summary = await dispatcher.DispatchAsync();

        Assert.Equal(3, summary.Delivered);
        Assert.Equal(0, f.Inner.UndeliveredCount);
    }

    private sealed class DownNotifier : global::PaymentCore.Notifications.INotifier
    {
        public bool Down { get; set; } = true;

        public ValueTask NotifyAsync(global::PaymentCore.Notifications.PaymentEvent paymentEvent, CancellationToken cancellationToken = default) =>
            Down ? throw new IOException("webhook down") : ValueTask.CompletedTask;
    }

    /// <summary>Another instance writes between this one's read and write.</summary>
    private sealed class RacingStore(FailingStore inner, global::PaymentCore.Storage.InMemoryTransactionStore raw) : global::PaymentCore.Storage.ITransactionStore
    {
        public ValueTask<global::PaymentCore.Storage.CreateResult> TryCreateAsync(TransactionRecord record, global::PaymentCore.Notifications.PaymentEvent paymentEvent, CancellationToken cancellationToken = default) => inner.TryCreateAsync(record, paymentEvent, cancellationToken);

        public async ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, global::PaymentCore.Notifications.PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
        {
            var current = (await raw.GetAsync(record.Id, cancellationToken))!;
            await raw.TryUpdateAsync(current with { Version = current.Version + 1 }, current.Version, null, cancellationToken);
            return await inner.TryUpdateAsync(record, expectedVersion, paymentEvent, cancellationToken);
        }

        public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) => inner.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);

        public ValueTask<global::PaymentCore.Storage.TransactionPage> QueryAsync(global::PaymentCore.Storage.TransactionQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<global::PaymentCore.Rules.PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) => inner.GetPayerActivityAsync(payerToken, currency, from, until, cancellationToken);

        public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) => inner.ClaimEventsAsync(maxCount, now, lease, cancellationToken);

        public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => inner.MarkDeliveredAsync(eventIds, cancellationToken);

        public ValueTask RecordDeliveryFailureAsync(global::PaymentCore.Outbox.DeliveryFailure failure, CancellationToken cancellationToken = default) => inner.RecordDeliveryFailureAsync(failure, cancellationToken);

        public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) => inner.GetDeadLettersAsync(maxCount, cancellationToken);

        public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RedriveAsync(eventId, now, cancellationToken);

        public ValueTask<global::PaymentCore.Outbox.OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default) => inner.GetOutboxBacklogAsync(cancellationToken);

        public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) => inner.GetDueAsync(now, maxCount, cancellationToken);
    }
}
