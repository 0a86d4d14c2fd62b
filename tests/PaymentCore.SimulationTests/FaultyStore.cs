using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests;

/// <summary>
/// Wraps the in-memory store with the run's fault plan: writes that fail before or after they are applied, and
/// crash points before and after every call. When <see cref="CheckDue"/> is set, it checks every recovery
/// candidate list against the store: what is due comes first, and no healthy hold before its deadline is listed.
/// </summary>
public sealed class FaultyStore(InMemoryTransactionStore inner, SimulationWorld world, Epoch epoch) : ITransactionStore
{
    /// <summary>The capture deadline, when candidate lists are checked.</summary>
    public TimeSpan? CheckDue { get; init; }

    public async ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        var label = $"store create {record.IdempotencyKey}";
        epoch.Point(label);
        var fault = WriteFault(label);
        if (fault == 1)
        {
            throw new SimulatedStoreFaultException(label);
        }

        var result = await inner.TryCreateAsync(record, paymentEvent, cancellationToken);
        epoch.Point(label + " (written)");
        return fault == 2 ? throw new SimulatedStoreFaultException(label + " (applied)") : result;
    }

    public async ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        var label = $"store update {record.IdempotencyKey} v{expectedVersion}->{record.Status}{(record.Pending is { } p ? "+" + p.Operation + (p.OutcomeUnknown ? "?" : string.Empty) : string.Empty)}{(record.History[^1] is { Refused: true } r && record.History.Length > 1 ? " refused " + r.Operation : string.Empty)}";
        epoch.Point(label);
        var fault = WriteFault(label);
        if (fault == 1)
        {
            throw new SimulatedStoreFaultException(label);
        }

        var written = await inner.TryUpdateAsync(record, expectedVersion, paymentEvent, cancellationToken);
        world.Log(label + (written ? " ok" : " conflict"));
        epoch.Point(label + " (written)");
        return fault == 2 ? throw new SimulatedStoreFaultException(label + " (applied)") : written;
    }

    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default)
    {
        epoch.Point("store get");
        return inner.GetAsync(id, cancellationToken);
    }

    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        epoch.Point("store find");
        return inner.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);
    }

    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default)
    {
        epoch.Point("store query");
        return inner.QueryAsync(query, cancellationToken);
    }

    public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        epoch.Point("store activity");
        return inner.GetPayerActivityAsync(payerToken, currency, from, until, cancellationToken);
    }

    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        epoch.Point("store claim events");
        return inner.ClaimEventsAsync(maxCount, now, lease, cancellationToken);
    }

    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        epoch.Point("store mark delivered");
        return inner.MarkDeliveredAsync(eventIds, cancellationToken);
    }

    public ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        epoch.Point("store delivery failure");
        return inner.RecordDeliveryFailureAsync(failure, cancellationToken);
    }

    public ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) => inner.GetDeadLettersAsync(maxCount, cancellationToken);

    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RedriveAsync(eventId, now, cancellationToken);

    public ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default) => inner.GetOutboxBacklogAsync(cancellationToken);

    public async ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        epoch.Point("store due");
        var due = await inner.GetDueAsync(now, maxCount, cancellationToken);
        if (CheckDue is { } deadline)
        {
            // Issue 9: healthy holds waiting for the merchant are no candidates before their deadline, so however
            // many wait, everything due is taken up (a batch is full, or holds all that is due).
            var dueNow = inner.Snapshot().Count(r => r.DueAt is { } at && at <= now);
            if (due.Count != Math.Min(maxCount, dueNow))
            {
                throw new SimulationInvariantException($"recovery was given {due.Count} candidates with {dueNow} due and a batch of {maxCount}");
            }

            foreach (var record in due)
            {
                if (record is { Status: TransactionStatus.Authorized, Pending: null, Request.CaptureMode: CaptureMode.Manual } && now < record.CreatedAt + deadline && !record.History.Any(c => c.Refused))
                {
                    throw new SimulationInvariantException($"recovery was given {record.IdempotencyKey}, a healthy hold {now - record.CreatedAt} old, before its capture deadline");
                }
            }
        }

        return due;
    }

    // 0 none, 1 fails before applying, 2 applied but the answer is lost.
    private int WriteFault(string label)
    {
        if (!world.Roll(world.Faults.StoreWrite))
        {
            return 0;
        }

        var kind = world.Random.Next(2) + 1;
        world.Log(label + (kind == 1 ? " -> fault, not written" : " -> fault, written"));
        return kind;
    }
}
