using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Hosting.Tests;

/// <summary>An in-memory store that fails the next <see cref="FailReads"/> outbox reads and claims, as an unreachable database would.</summary>
internal sealed class FlakyStore(InMemoryTransactionStore inner) : ITransactionStore
{
    private int _failReads;

    public InMemoryTransactionStore Inner => inner;

    public int FailReads
    {
        get => Volatile.Read(ref _failReads);
        set => Volatile.Write(ref _failReads, value);
    }

    public ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default) => inner.TryCreateAsync(record, paymentEvent, cancellationToken);

    public ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default) => inner.TryUpdateAsync(record, expectedVersion, paymentEvent, cancellationToken);

    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) => inner.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);

    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) => inner.GetPayerActivityAsync(payerToken, currency, from, until, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        Fail();
        return inner.ClaimEventsAsync(maxCount, now, lease, cancellationToken);
    }

    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => inner.MarkDeliveredAsync(eventIds, cancellationToken);

    public ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default) => inner.RecordDeliveryFailureAsync(failure, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) => inner.GetDeadLettersAsync(maxCount, cancellationToken);

    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RedriveAsync(eventId, now, cancellationToken);

    public ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default)
    {
        Fail();
        return inner.GetOutboxBacklogAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        Fail();
        return inner.GetDueAsync(now, maxCount, cancellationToken);
    }

    private void Fail()
    {
        if (Interlocked.Decrement(ref _failReads) >= 0)
        {
            throw new TransactionStoreException("The database is unreachable (test).");
        }

        Interlocked.Exchange(ref _failReads, 0);
    }
}
