using Microsoft.Extensions.Options;
using PaymentCore.Audit;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

// Issue 13: a step-up attempt's audit entry is written in the same store write as the change it explains.
public sealed class StepUpAuditTests
{
    private static readonly Money Large = Money.FromMajor(250m, Currency.EUR);

    private readonly FastForwardTimeProvider _time = new();
    private readonly InMemoryAuditLog _auditLog = new();
    private readonly FailingAuditedStore _store;
    private readonly InMemoryOneTimeCodeNotifier _codes = new();
    private readonly AuditTrail _audit;
    private readonly PaymentProcessor _processor;

    public StepUpAuditTests()
    {
        _store = new FailingAuditedStore(new InMemoryTransactionStore(_auditLog));
        _audit = new AuditTrail(_auditLog, new HmacAuditCheckpointSigner("k1", new byte[32]), _time);
        var authenticator = new OneTimeCodeAuthenticator(_codes, new OneTimeCodeOptions { HashKey = new byte[32] }, _time);
        var ids = Options.Create(new TransactionIdOptions { AllowUnkeyed = true });
        _processor = new PaymentProcessor([new StepUpRule([Money.FromMajor(30m, Currency.EUR)])], new InMemoryAuthorizer(), _store, null, _time, null, ids, stepUpAuthenticators: [authenticator], auditTrail: _audit);
    }

    private async Task<PaymentResult> WaitingAsync() =>
        await _processor.ProcessAsync(PaymentFixture.Request("order-1", Large) with { MerchantId = "merchant-1" });

    private string WrongCodeFor(PaymentResult result) => _codes.LastCodeFor(result.Id.ToString()) == "000000" ? "111111" : "000000";

    private async Task<IReadOnlyList<AuditEntry>> EntriesAsync(TransactionId id) =>
        (await _audit.QueryAsync(new AuditQuery { Resource = "transaction/" + id })).Entries;

    [Fact]
    public async Task Confirm_WrongCode_WritesTheChangeAndItsAttemptEntryTogether()
    {
        var waiting = await WaitingAsync();
        var before = (await _store.GetAsync(waiting.Id))!;
        var entriesBefore = (await EntriesAsync(waiting.Id)).Count;

        var result = await _processor.ConfirmStepUpAsync("merchant-1", waiting.Id, WrongCodeFor(waiting), "confirm-1");

        Assert.Equal(PaymentOutcome.RequiresAction, result.Outcome);
        var record = (await _store.GetAsync(waiting.Id))!;
        Assert.Equal(before.Version + 1, record.Version);
        Assert.Equal(StepUpVerdict.WrongCode, Assert.Single(record.StepUp!.Confirmations).Verdict);

        // Exactly two new entries, both from that one write: the change's own, then its attempt, next in the chain.
        var added = (await EntriesAsync(waiting.Id)).Skip(entriesBefore).ToList();
        Assert.Equal(2, added.Count);
        Assert.Equal(AuditEventTypes.StateChanged, added[0].Event.EventType);
        Assert.Equal((AuditEventTypes.StepUpAttempt, AuditOutcome.Failure, "merchant-1"), (added[1].Event.EventType, added[1].Event.Outcome, added[1].Event.Actor));
        Assert.Equal(added[0].Sequence + 1, added[1].Sequence);
        Assert.Equal(1, _store.AuditedUpdatesWithAttempt);
        Assert.True((await _audit.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Confirm_WriteFails_LeavesNoAttemptEntryAndNoChange()
    {
        var waiting = await WaitingAsync();
        var before = (await _store.GetAsync(waiting.Id))!;
        var entriesBefore = await EntriesAsync(waiting.Id);
        _store.FailNextUpdate = true;

        await Assert.ThrowsAsync<IOException>(() => _processor.ConfirmStepUpAsync("merchant-1", waiting.Id, WrongCodeFor(waiting), "confirm-1").AsTask());

        Assert.False(_store.FailNextUpdate); // the failure was injected, not skipped
        Assert.Equal(before.Version, (await _store.GetAsync(waiting.Id))!.Version);
        var after = await EntriesAsync(waiting.Id);
        Assert.Equal(entriesBefore.Select(e => e.Sequence), after.Select(e => e.Sequence));
        Assert.DoesNotContain(after, e => e.Event.EventType == AuditEventTypes.StepUpAttempt);
        Assert.True((await _audit.VerifyAsync()).IsIntact);
    }

    /// <summary>The in-memory audited store, whose next update can be made to fail (a lost connection) before anything is written.</summary>
    private sealed class FailingAuditedStore(InMemoryTransactionStore inner) : IAuditedTransactionStore
    {
        public bool FailNextUpdate { get; set; }

        public int AuditedUpdatesWithAttempt { get; private set; }

        public IAuditLog AuditLog => ((IAuditedTransactionStore)inner).AuditLog;

        public ValueTask<CreateResult> TryCreateAuditedAsync(TransactionRecord record, PaymentEvent paymentEvent, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default) =>
            inner.TryCreateAuditedAsync(record, paymentEvent, auditEvents, cancellationToken);

        public ValueTask<bool> TryUpdateAuditedAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
        {
            if (FailNextUpdate)
            {
                FailNextUpdate = false;
                throw new IOException("The store connection was lost (injected).");
            }

            if (auditEvents.Any(e => e.EventType == AuditEventTypes.StepUpAttempt))
            {
                AuditedUpdatesWithAttempt++;
            }

            return inner.TryUpdateAuditedAsync(record, expectedVersion, paymentEvent, auditEvents, cancellationToken);
        }

        public ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default) => inner.TryCreateAsync(record, paymentEvent, cancellationToken);

        public ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default) =>
            TryUpdateAuditedAsync(record, expectedVersion, paymentEvent, [], cancellationToken);

        public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) => inner.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);

        public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) => inner.GetPayerActivityAsync(payerToken, currency, from, until, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) => inner.ClaimEventsAsync(maxCount, now, lease, cancellationToken);

        public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => inner.MarkDeliveredAsync(eventIds, cancellationToken);

        public ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default) => inner.RecordDeliveryFailureAsync(failure, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) => inner.GetDeadLettersAsync(maxCount, cancellationToken);

        public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RedriveAsync(eventId, now, cancellationToken);

        public ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default) => inner.GetOutboxBacklogAsync(cancellationToken);

        public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) => inner.GetDueAsync(now, maxCount, cancellationToken);
    }
}
