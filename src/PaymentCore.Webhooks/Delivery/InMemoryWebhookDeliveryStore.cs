using PaymentCore.Transactions;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Keeps delivery state in memory; the default store. Pending retries are lost when the process ends, so a service
/// that must not lose webhooks across restarts plugs in a durable <see cref="IWebhookDeliveryStore"/>.
/// </summary>
/// <remarks>Thread-safe: one lock, held only for dictionary work, never across I/O.</remarks>
public sealed class InMemoryWebhookDeliveryStore : IWebhookDeliveryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WebhookDeliveryId, WebhookDelivery> _deliveries = [];
    private readonly Dictionary<(string EndpointId, TransactionId TransactionId), long> _sequences = [];

    /// <summary>Gets a snapshot of every delivery.</summary>
    /// <returns>The deliveries, in no particular order.</returns>
    public IReadOnlyList<WebhookDelivery> Snapshot()
    {
        lock (_gate)
        {
            return [.. _deliveries.Values];
        }
    }

    /// <summary>
    /// Forgets deliveries that finished (delivered or endpoint gone) before a time, so a long-running process does not
    /// keep every delivery. Dead letters and pending deliveries stay. Each endpoint's sequence counters stay too, so a
    /// transaction's later events keep counting on; an event handed over again after its delivery was forgotten is sent
    /// again, with the same <c>webhook-id</c>, for the receiver to drop.
    /// </summary>
    /// <param name="finishedBefore">Forget deliveries whose last attempt was before this time.</param>
    /// <returns>How many were forgotten.</returns>
    public int PruneFinished(DateTimeOffset finishedBefore)
    {
        lock (_gate)
        {
            var finished = _deliveries.Values
                .Where(d => d.Status is WebhookDeliveryStatus.Delivered or WebhookDeliveryStatus.EndpointGone && (d.LastAttemptAt ?? d.CreatedAt) < finishedBefore)
                .Select(d => d.Id)
                .ToArray();
            foreach (var id in finished)
            {
                _deliveries.Remove(id);
            }

            return finished.Length;
        }
    }

    /// <inheritdoc />
    public ValueTask<(WebhookDelivery Delivery, bool Created)> EnqueueAsync(WebhookDeliveryDraft draft, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        lock (_gate)
        {
            if (_deliveries.TryGetValue(draft.Id, out var existing))
            {
                return ValueTask.FromResult((existing, false));
            }

            var key = (draft.Id.EndpointId, draft.TransactionId);
            var sequence = _sequences.GetValueOrDefault(key) + 1;
            var delivery = new WebhookDelivery
            {
                Id = draft.Id,
                MessageId = draft.MessageId,
                MerchantId = draft.MerchantId,
                TransactionId = draft.TransactionId,
                EventType = draft.EventType,
                Sequence = sequence,
                Body = draft.BuildBody(sequence),
                CreatedAt = now,
                NextAttemptAt = leaseUntil,
                Revision = 1,
            };
            _sequences[key] = sequence;
            _deliveries.Add(draft.Id, delivery);
            return ValueTask.FromResult((delivery, true));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            var due = _deliveries.Values
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt)
                .ThenBy(d => d.CreatedAt)
                .Take(max)
                .ToArray();
            for (var i = 0; i < due.Length; i++)
            {
                due[i] = due[i] with { NextAttemptAt = leaseUntil, Revision = due[i].Revision + 1 };
                _deliveries[due[i].Id] = due[i];
            }

            return ValueTask.FromResult<IReadOnlyList<WebhookDelivery>>(due);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(WebhookDelivery updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updated);
        lock (_gate)
        {
            if (!_deliveries.TryGetValue(updated.Id, out var stored) || stored.Revision != updated.Revision - 1)
            {
                return ValueTask.FromResult(false);
            }

            _deliveries[updated.Id] = updated;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<WebhookDelivery?> FindAsync(WebhookDeliveryId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_deliveries.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WebhookDelivery>> ListDeadLettersAsync(string? merchantId, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            IReadOnlyList<WebhookDelivery> dead = [.. _deliveries.Values
                .Where(d => d.Status == WebhookDeliveryStatus.DeadLettered && (merchantId is null || d.MerchantId == merchantId))
                .OrderBy(d => d.LastAttemptAt)
                .Take(max)];
            return ValueTask.FromResult(dead);
        }
    }
}
