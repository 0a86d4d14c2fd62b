using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Rules;
using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>
/// Keeps records and the outbox in memory: the default store, for tests and for services that need no
/// durability. Everything is lost when the process ends; use the SQLite or PostgreSQL store for real payments.
/// </summary>
/// <remarks>Thread-safe: writes take one lock, so create, update and outbox changes are atomic.</remarks>
public sealed class InMemoryTransactionStore : IBatchTransactionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TransactionId, TransactionRecord> _records = [];

    // The durable stores' unique (merchant, key) constraint: ids depend on the installation's secret, so one payment
    // per merchant and key holds even when two writers derive different ids (a secret changed, or none shared).
    private readonly Dictionary<(string MerchantId, string IdempotencyKey), TransactionId> _byKey = [];
    private readonly Dictionary<string, List<TransactionId>> _byPayer = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, OutboxEntry> _outbox = [];
    private readonly SortedSet<(DateTimeOffset At, TransactionId Id)> _due = [];
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
                return _outbox.Values.Count(e => e.DeadLetteredAt is null);
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
            return new(CreateLocked(record, paymentEvent));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CreateResult>> CreateManyAsync(IReadOnlyList<(TransactionRecord Record, PaymentEvent Event)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (record, paymentEvent) in items)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(items));
            ArgumentNullException.ThrowIfNull(paymentEvent, nameof(items));
            if (record.Version != 1)
            {
                throw new ArgumentException($"A new record must be at version 1, not {record.Version} ({record.Id}).", nameof(items));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = new CreateResult[items.Count];
        lock (_lock)
        {
            // One lock for the whole list: the batch is atomic like one database transaction.
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = CreateLocked(items[i].Record, items[i].Event);
            }
        }

        return new(results);
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
            Index(current, record);
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
    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        lock (_lock)
        {
            return new(_byKey.TryGetValue((merchantId, idempotencyKey), out var id) ? _records.GetValueOrDefault(id) : null);
        }
    }

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

                    if (r.CreatedAt <= until && r.Amount.Currency == currency && r.CountsForActivity)
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
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_lock)
        {
            var claimed = _outbox.Values
                .Where(e => e.DeadLetteredAt is null && e.NextAttemptAt <= now && e.ClaimedUntil <= now)
                .OrderBy(e => e.Sequence)
                .Take(maxCount)
                .ToList();
            foreach (var entry in claimed)
            {
                _outbox[entry.Event.EventId] = entry with { ClaimedUntil = now + lease };
            }

            return new([.. claimed.Select(e => e.ToMessage())]);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        lock (_lock)
        {
            foreach (var id in eventIds)
            {
                _outbox.Remove(id);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_outbox.TryGetValue(failure.EventId, out var entry))
            {
                _outbox[failure.EventId] = entry with
                {
                    Attempts = failure.Attempts,
                    NextAttemptAt = failure.NextAttemptAt,
                    LastError = failure.Error,
                    DeadLetteredAt = failure.DeadLetter ? failure.NextAttemptAt : null,
                    ClaimedUntil = DateTimeOffset.MinValue,
                };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_lock)
        {
            return new([.. _outbox.Values.Where(e => e.DeadLetteredAt is not null).OrderBy(e => e.Sequence).Take(maxCount).Select(e => e.ToMessage())]);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_outbox.TryGetValue(eventId, out var entry) || entry.DeadLetteredAt is null)
            {
                return new(false);
            }

            _outbox[eventId] = entry with { Attempts = 0, NextAttemptAt = now, DeadLetteredAt = null, ClaimedUntil = DateTimeOffset.MinValue };
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var pending = 0;
            var dead = 0;
            DateTimeOffset? oldest = null;
            foreach (var entry in _outbox.Values)
            {
                if (entry.DeadLetteredAt is not null)
                {
                    dead++;
                    continue;
                }

                pending++;
                if (oldest is null || entry.Event.OccurredAt < oldest)
                {
                    oldest = entry.Event.OccurredAt;
                }
            }

            return new(new OutboxBacklog(pending, dead, oldest));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_lock)
        {
            // The due index is ordered by (due time, id): a pass reads only what is due, however many holds wait.
            var due = new List<TransactionRecord>(Math.Min(maxCount, _due.Count));
            foreach (var (at, id) in _due)
            {
                if (at > now || due.Count == maxCount)
                {
                    break;
                }

                due.Add(_records[id]);
            }

            return new(due);
        }
    }

    private CreateResult CreateLocked(TransactionRecord record, PaymentEvent paymentEvent)
    {
        // One record per id, and one per (merchant, idempotency key), as the durable stores' constraints enforce.
        var key = (record.Request.MerchantId, record.Request.IdempotencyKey);
        if (_records.TryGetValue(record.Id, out var existing)
            || (_byKey.TryGetValue(key, out var keyed) && _records.TryGetValue(keyed, out existing)))
        {
            return new CreateResult(false, existing);
        }

        _records.Add(record.Id, record);
        _byKey[key] = record.Id;
        Index(null, record);
        if (!_byPayer.TryGetValue(record.Request.Payer.Token, out var list))
        {
            _byPayer[record.Request.Payer.Token] = list = [];
        }

        list.Add(record.Id);
        Enqueue(paymentEvent);
        return new CreateResult(true, null);
    }

    private void Enqueue(PaymentEvent paymentEvent) =>
        _outbox[paymentEvent.EventId] = new OutboxEntry(paymentEvent, ++_outboxSequence, DateTimeOffset.MinValue, 0, paymentEvent.OccurredAt, null, null);

    private void Index(TransactionRecord? previous, TransactionRecord next)
    {
        if (previous?.DueAt is { } was)
        {
            _due.Remove((was, previous.Id));
        }

        if (next.DueAt is { } at)
        {
            _due.Add((at, next.Id));
        }
    }

    // A struct: the outbox is written once per state change and emptied by the dispatcher.
    private readonly record struct OutboxEntry(PaymentEvent Event, long Sequence, DateTimeOffset ClaimedUntil, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? DeadLetteredAt)
    {
        public OutboxMessage ToMessage() => new(Event, Attempts, NextAttemptAt, LastError, DeadLetteredAt);
    }
}
