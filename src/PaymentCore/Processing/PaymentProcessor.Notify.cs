using Microsoft.Extensions.Logging;
using PaymentCore.Notifications;

namespace PaymentCore;

public sealed partial class PaymentProcessor
{
    /// <summary>
    /// Re-sends events left in the outbox (a notifier failed, or the process died before delivery). Safe to run
    /// in several instances at once: each claims its events for a lease.
    /// </summary>
    /// <param name="cancellationToken">Cancels between events.</param>
    /// <returns>The number of events delivered.</returns>
    public async ValueTask<int> DispatchOutboxAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        while (true)
        {
            var now = _time.GetUtcNow();
            var events = await _store.ClaimUndeliveredEventsAsync(_options.RecoveryBatchSize, now - _options.OutboxGracePeriod, now, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            var sent = 0;
            foreach (var paymentEvent in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await DeliverAsync(paymentEvent).ConfigureAwait(false))
                {
                    sent++;
                }
            }

            delivered += sent;
            if (events.Count < _options.RecoveryBatchSize || sent == 0)
            {
                return delivered;
            }
        }
    }

    /// <summary>
    /// Sends one event to every notifier under the notify retry policy, then marks it delivered. A failure past
    /// the policy leaves it in the outbox for the dispatcher (receivers drop duplicates by event id).
    /// </summary>
    private async ValueTask<bool> DeliverAsync(PaymentEvent paymentEvent)
    {
        try
        {
            foreach (var notifier in _notifiers)
            {
                var previous = _notifyPolicy.Delay;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await notifier.NotifyAsync(paymentEvent, CancellationToken.None).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception) when (attempt < _notifyPolicy.MaxAttempts)
                    {
                        // The last failure is logged below; earlier ones are retried quietly.
                        previous = _notifyPolicy.NextDelay(attempt, previous);
                        if (previous > TimeSpan.Zero)
                        {
                            await Task.Delay(previous, _time, CancellationToken.None).ConfigureAwait(false);
                        }
                    }
                }
            }

            await _store.MarkDeliveredAsync(paymentEvent.EventId, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // A notifier's failure must not fail the payment: the event stays in the outbox.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Event {EventId} of {TransactionId} was not delivered; it stays in the outbox.", paymentEvent.EventId, paymentEvent.TransactionId);
            return false;
        }
    }
}
