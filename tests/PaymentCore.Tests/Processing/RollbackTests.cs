using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Processing;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

public sealed class RollbackTests
{
    [Fact]
    public async Task ProcessAsync_CaptureRefused_VoidsTheAuthorizationAndTellsWhy()
    {
        var f = new ReliabilityFixture();
        f.Scripted.Then(AuthorizerOperation.Capture, ScriptStep.PermanentFailure);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Failed, TransactionStatus.Voided, "capture_refused:scripted_permanent"), (result.Outcome, result.Status, result.FailureReason));
        Assert.Equal(DeclineAdvice.DoNotRetry, result.Advice);
        Assert.Equal(HoldState.Voided, f.Issuer.GetHold("merchant-1", "order-1")!.State);
        await f.Dispatcher.DispatchAsync();
        var events = f.Notifier.EventsFor(result.Id);
        Assert.Equal(("payment.capture_refused", "payment.voided"), (events[^2].Type, events[^1].Type));
        Assert.Equal("capture_refused", events[^1].Reason);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_CaptureRefusedAndVoidFails_KeepsPendingVoidThatRecoveryFinishes()
    {
        var f = new ReliabilityFixture(configure: o => o.Void.MaxAttempts = 2);
        f.Scripted.Then(AuthorizerOperation.Capture, ScriptStep.PermanentFailure)
            .Then(AuthorizerOperation.Void, ScriptStep.TransientFailure, ScriptStep.TransientFailure);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(TransactionStatus.Authorized, result.Status);
        Assert.Equal((AuthorizerOperation.Void, false), (result.Transaction.Pending!.Operation, result.Transaction.Pending.OutcomeUnknown));
        await Assert.ThrowsAsync<OperationInProgressException>(async () => await f.Processor.CaptureAsync("merchant-1", result.Id)); // no capture over a pending void

        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        var summary = await f.Processor.RecoverAsync();

        Assert.Equal(1, summary.Voided);
        Assert.Equal(TransactionStatus.Voided, (await f.Processor.GetAsync("merchant-1", result.Id))!.Status);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_StoreWriteFailsAfterAuthorization_VoidsAndRecordsFailureThenRethrows()
    {
        var f = new ReliabilityFixture();
        f.Store.FailWrites.Enqueue(false); // the write of Authorized fails, not applied

        await Assert.ThrowsAsync<IOException>(async () => await f.Processor.ProcessAsync(PaymentFixture.Request()));

        var record = (await f.Processor.GetAsync("merchant-1", TransactionId.For("merchant-1", "order-1")))!;
        Assert.Equal((TransactionStatus.Failed, "authorization_rolled_back"), (record.Status, record.FailureReason));
        Assert.Equal(HoldState.Voided, f.Issuer.GetHold("merchant-1", "order-1")!.State);
        await f.Dispatcher.DispatchAsync(); // events leave the payment path: deliver them first
        Assert.Contains(f.Notifier.EventsFor(record.Id), e => e.To == TransactionStatus.Failed && e.Reason == "authorization_rolled_back");
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_StoreWriteAppliedButAnswerLost_KeepsTheAuthorization()
    {
        var f = new ReliabilityFixture();
        f.Store.FailWrites.Enqueue(true); // Authorized is written, the answer is lost

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(TransactionStatus.Captured, result.Status);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_StoreWriteAndRollbackRecordFail_RecoveryFinishesTheVoid()
    {
        var f = new ReliabilityFixture();
        f.Store.FailWrites.Enqueue(false); // Authorized not written
        f.Store.FailWrites.Enqueue(false); // Failed (after the void) not written either

        await Assert.ThrowsAsync<IOException>(async () => await f.Processor.ProcessAsync(PaymentFixture.Request()));
        Assert.Equal(TransactionStatus.Received, (await f.Processor.GetAsync("merchant-1", TransactionId.For("merchant-1", "order-1")))!.Status);

        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        await f.Processor.RecoverAsync();

        var record = (await f.Processor.GetAsync("merchant-1", TransactionId.For("merchant-1", "order-1")))!;
        Assert.Equal(TransactionStatus.Voided, record.Status); // never Authorized without its pending void: no capture can reach the released hold
        Assert.Empty(f.Issuer.Mistakes);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_StoreUnreadableAfterFailedWrite_DoesNotVoidBlind()
    {
        var f = new ReliabilityFixture();
        f.Store.FailWrites.Enqueue(true); // written, answer lost
        var processor = f.Processor;
        f.Store.FailReads = false;

        // Make the read-back fail only after the failed write: wrap via a scripted sequence.
        var store = new ReadFailsAfterWriteFailure(f.Store);
        var p = new PaymentProcessor([], f.Scripted, store, Microsoft.Extensions.Options.Options.Create(f.Options), f.Time, transactionIds: f.Ids);

        await Assert.ThrowsAsync<IOException>(async () => await p.ProcessAsync(PaymentFixture.Request()));

        Assert.Equal(HoldState.Held, f.Issuer.GetHold("merchant-1", "order-1")!.State); // recovery settles it
        f.Time.Advance(f.Options.RecoverAfter + TimeSpan.FromSeconds(1));
        await processor.RecoverAsync();
        Assert.Equal(TransactionStatus.Captured, (await processor.GetAsync("merchant-1", TransactionId.For("merchant-1", "order-1")))!.Status);
        f.AssertConsistent();
    }

    private sealed class ReadFailsAfterWriteFailure(FailingStore inner) : global::PaymentCore.Storage.ITransactionStore
    {
        private bool _writeFailed;

        public ValueTask<global::PaymentCore.Storage.CreateResult> TryCreateAsync(TransactionRecord record, global::PaymentCore.Notifications.PaymentEvent paymentEvent, CancellationToken cancellationToken = default) => inner.TryCreateAsync(record, paymentEvent, cancellationToken);

        public async ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, global::PaymentCore.Notifications.PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.TryUpdateAsync(record, expectedVersion, paymentEvent, cancellationToken);
            }
            catch (IOException)
            {
                _writeFailed = true;
                throw;
            }
        }

        public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) =>
            _writeFailed ? throw new IOException("store down") : inner.GetAsync(id, cancellationToken);

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
