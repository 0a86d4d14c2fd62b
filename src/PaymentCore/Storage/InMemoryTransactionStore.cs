using PaymentCore.Notifications;
using PaymentCore.Rules;

namespace PaymentCore.Storage;

/// <summary>
/// Keeps records and the outbox in memory: the default store, for tests and for services that need no
/// durability. Everything is lost when the process ends; use the SQLite or PostgreSQL store for real payments.
/// </summary>
/// <remarks>Thread-safe: writes take one lock, so create, update and outbox changes are atomic.</remarks>
public sealed class InMemoryTransactionStore : ITransactionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TransactionId, TransactionRecord> _records = [];
    private readonly Dictionary<string, List<TransactionId>> _byPayer = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, OutboxEntry> _outbox = [];
    private long _outboxSequence;

    /// <summary>Gets the number of records.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Gets the number of events not yet delivered.</summary>
    public int UndeliveredCount
    {
        get
        {
            lock (_lock)
            {
                return _outbox.Count;
            }
        }
    }

    /// <summary>Gets a snapshot of every record.</summary>
    /// <returns>The records, in no particular order.</returns>
    public IReadOnlyList<TransactionRecord> Snapshot()
    {
        lock (_lock)
        {
            return [.. _records.Values];
        }
    }

    /// <inheritdoc />
    public ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(paymentEvent);
        if (record.Version != 1)
        {
            throw new ArgumentException($"A new record must be at version 1, not {record.Version}.", nameof(record));
        }

        lock (_lock)
        {
            // The id is derived from (merchant, idempotency key): one dictionary slot enforces key uniqueness.
            if (_records.TryGetValue(record.Id, out var existing))
            {
                return new(new CreateResult(false, existing));
            }

            _records.Add(record.Id, record);
            if (!_byPayer.TryGetValue(record.Request.Payer.Token, out var list))
            {
                _byPayer[record.Request.Payer.Token] = list = [];
            }

            list.Add(record.Id);
            Enqueue(paymentEvent);
            return new(new CreateResult(true, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The record is at version {record.Version}; an update from version {expectedVersion} must be at {expectedVersion + 1}.", nameof(record));
        }

        lock (_lock)
        {
            if (!_records.TryGetValue(record.Id, out var current) || current.Version != expectedVersion)
            {
                return new(false);
            }

            _records[record.Id] = record;
            if (paymentEvent is not null)
            {
                Enqueue(paymentEvent);
            }

            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(_records.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        GetAsync(TransactionId.For(merchantId, idempotencyKey), cancellationToken);

    /// <inheritdoc />
    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var hasCursor = PageCursor.TryParse(query.ContinuationToken, out var cursor);
        List<TransactionRecord> matches;
        lock (_lock)
        {
            matches = [.. _records.Values.Where(r =>
                (query.MerchantId is null || string.Equals(r.MerchantId, query.MerchantId, StringComparison.Ordinal))
                && (query.PayerToken is null || string.Equals(r.Request.Payer.Token, query.PayerToken, StringComparison.Ordinal))
                && (query.Status is null || r.Status == query.Status)
                && (query.CreatedFrom is null || r.CreatedAt >= query.CreatedFrom)
                && (query.CreatedBefore is null || r.CreatedAt < query.CreatedBefore)
                && (!hasCursor || cursor.IsBefore(r.CreatedAt, r.Id)))];
        }

        matches.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Id.CompareTo(b.Id));
        var page = matches.Take(query.PageSize).ToList();
        var token = matches.Count > query.PageSize ? new PageCursor(page[^1].CreatedAt, page[^1].Id).Encode() : null;
        return new(new TransactionPage(page, token));
    }

    /// <inheritdoc />
    public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var count = 0;
        var sum = Money.Zero(currency);
        lock (_lock)
        {
            if (_byPayer.TryGetValue(payerToken, out var ids))
            {
                // Newest last: walk back until the window starts. Records are appended in creation order.
                for (var i = ids.Count - 1; i >= 0; i--)
                {
                    var r = _records[ids[i]];
                    if (r.CreatedAt <= from)
                    {
                        break;
                    }

                    if (r.CreatedAt <= until && r.Amount.Currency == currency && r.Status is not (TransactionStatus.Declined or TransactionStatus.Failed))
                    {
                        count++;
                        sum += r.Amount;
                    }
                }
            }
        }

        return new(new PayerActivity(until - from, count, sum));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentEvent>> ClaimUndeliveredEventsAsync(int maxCount, DateTimeOffset occurredBefore, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_lock)
        {
            var claimed = _outbox.Values
                .Where(e => e.Event.OccurredAt < occurredBefore && e.ClaimedUntil <= now)
                .OrderBy(e => e.Sequence)
                .Take(maxCount)
                .ToList();
            foreach (var entry in claimed)
            {
                entry.ClaimedUntil = now + lease;
            }

            return new([.. claimed.Select(e => e.Event)]);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkDeliveredAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _outbox.Remove(eventId);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TransactionRecord>> GetUnfinishedAsync(DateTimeOffset updatedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new([.. _records.Values
                .Where(r => r.UpdatedAt < updatedBefore && (r.Status is TransactionStatus.Received or TransactionStatus.Authorized || r.Pending is not null))
                .OrderBy(r => r.UpdatedAt)
                .ThenBy(r => r.Id)
                .Take(maxCount)]);
        }
    }

    private void Enqueue(PaymentEvent paymentEvent) =>
        _outbox[paymentEvent.EventId] = new OutboxEntry(paymentEvent, ++_outboxSequence);

    private sealed class OutboxEntry(PaymentEvent paymentEvent, long sequence)
    {
        public PaymentEvent Event { get; } = paymentEvent;

        public long Sequence { get; } = sequence;

        public DateTimeOffset ClaimedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
