using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Notifications;
using PaymentCore.Resilience;
using PaymentCore.Storage;
using PaymentCore.Telemetry;

namespace PaymentCore.Outbox;

/// <summary>
/// Delivers the events the processor wrote to the store's outbox, off the payment path: an operation returns as
/// soon as its change and event are committed, and this delivers them. Each event is claimed for a lease (so
/// several instances may dispatch at once), sent to every notifier, and removed when all took it. A failure backs
/// off per event (doubling from <see cref="OutboxOptions.RetryDelay"/>); after <see cref="OutboxOptions.MaxAttempts"/>
/// failures or <see cref="OutboxOptions.MaxAge"/> the event becomes a dead letter, which can be listed and re-driven.
/// Delivery is at least once: receivers drop duplicates by <see cref="PaymentEvent.EventId"/>.
/// </summary>
/// <remarks>Thread-safe. Run <see cref="DispatchAsync"/> on a timer (PaymentCore.Hosting does), or by hand in tests and samples.</remarks>
public sealed class OutboxDispatcher
{
    private const int MaxErrorLength = 500;

    private readonly ITransactionStore _store;
    private readonly INotifier[] _notifiers;
    private readonly OutboxOptions _options;
    private readonly RetryPolicy _notifyPolicy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PaymentCoreMetrics _metrics;

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="store">The store whose outbox it empties.</param>
    /// <param name="notifiers">The notifiers; every event goes to each, in order.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>PaymentCore</c> meter (docs/observability.md); a meter of its own when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OutboxDispatcher(
        ITransactionStore store,
        IEnumerable<INotifier> notifiers,
        IOptions<OutboxOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<OutboxDispatcher>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifiers);
        _store = store;
        _notifiers = [.. notifiers];
        _options = options?.Value ?? new OutboxOptions();
        var validation = new OutboxOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(OutboxOptions), typeof(OutboxOptions), validation.Failures);
        }

        _notifyPolicy = _options.Notify.ToPolicy();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = PaymentCoreMetrics.For(meterFactory);
    }

    /// <summary>Gets the options it runs with (the hosted loop reads its lease).</summary>
    internal OutboxOptions Options => _options;

    /// <summary>
    /// Delivers every event that is due, claim after claim, until none is left or a claim delivers nothing new.
    /// Delivered events are removed in one store write per claim, never one commit per event.
    /// </summary>
    /// <param name="cancellationToken">Cancels between events; claimed but unsent events return when their lease runs out.</param>
    /// <returns>What was delivered, retried later and dead-lettered.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async ValueTask<DispatchSummary> DispatchAsync(CancellationToken cancellationToken = default)
    {
        int delivered = 0, failed = 0, dead = 0;
        while (true)
        {
            var now = _time.GetUtcNow();
            var claimed = await _store.ClaimEventsAsync(_options.BatchSize, now, _options.Lease, cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return await DoneAsync(delivered, failed, dead, cancellationToken).ConfigureAwait(false);
            }

            var done = new List<Guid>(claimed.Count);
            try
            {
                foreach (var message in claimed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var error = await DeliverAsync(message.Event, cancellationToken).ConfigureAwait(false);
                    if (error is null)
                    {
                        done.Add(message.Event.EventId);
                        continue;
                    }

                    var failure = Failure(message, error, _time.GetUtcNow());
                    await _store.RecordDeliveryFailureAsync(failure, cancellationToken).ConfigureAwait(false);
                    if (failure.DeadLetter)
                    {
                        dead++;
                        _metrics.RecordDeadLetter();
                        PaymentCoreLog.EventDeadLettered(_logger, message.Event.EventId, message.Event.TransactionId, failure.Attempts);
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
            finally
            {
                // What was delivered is removed even if a later event of the claim failed or the call was cancelled.
                if (done.Count > 0)
                {
                    await _store.MarkDeliveredAsync(done, CancellationToken.None).ConfigureAwait(false);
                }
            }

            delivered += done.Count;
            if (claimed.Count < _options.BatchSize)
            {
                return await DoneAsync(delivered, failed, dead, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lists dead-lettered events, oldest first.</summary>
    /// <param name="maxCount">The most to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters, with their attempts and last error.</returns>
    public ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default) =>
        _store.GetDeadLettersAsync(maxCount, cancellationToken);

    /// <summary>Re-drives a dead letter: it is delivered again on the next dispatch, with its attempts reset.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was a dead letter.</returns>
    /// <remarks>
    /// When the store keeps an audit chain (<see cref="Storage.IAuditedTransactionStore"/>), the re-drive is recorded
    /// (<see cref="Audit.AuditEventTypes.DeadLetterRedrive"/>, with the ambient <see cref="Audit.OperationContext"/>'s
    /// actor) right after it, also when the event was no dead letter (then as a failure).
    /// </remarks>
    public async ValueTask<bool> RedriveAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var redriven = await _store.RedriveAsync(eventId, now, cancellationToken).ConfigureAwait(false);
        if (_store is Storage.IAuditedTransactionStore audited)
        {
            var entry = Audit.PaymentAuditEvents.Event(
                Audit.AuditEventTypes.DeadLetterRedrive,
                redriven ? Audit.AuditOutcome.Success : Audit.AuditOutcome.Failure,
                "outbox_event/" + eventId.ToString("D", System.Globalization.CultureInfo.InvariantCulture),
                redriven ? "dead letter due again, attempts reset" : "not a dead letter: nothing re-driven",
                now);
            await audited.AuditLog.AppendAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }

        return redriven;
    }

    /// <summary>Sends one event to every notifier under the notify policy; returns why it failed, or <see langword="null"/>.</summary>
    private async ValueTask<string?> DeliverAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        // An event written to the outbox before events were masked (issue 12) is masked on its way out.
        paymentEvent = paymentEvent.ForNotifiers();
        using var activity = PaymentCoreActivities.StartDelivery(paymentEvent);
        foreach (var notifier in _notifiers)
        {
            var error = await _notifyPolicy.RunAsync(
                static async (state, ct) =>
                {
                    try
                    {
                        await state.Notifier.NotifyAsync(state.Event, ct).ConfigureAwait(false);
                        return null;
                    }
#pragma warning disable CA1031 // A notifier's failure is recorded on the event; it must not stop the other events.
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        return ex.GetType().Name + ": " + ex.Message;
                    }
                },
                (Notifier: notifier, Event: paymentEvent),
                static (string? failure) => failure is not null,
                _time,
                cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                PaymentCoreLog.EventNotDelivered(_logger, paymentEvent.EventId, paymentEvent.TransactionId, notifier.GetType().Name);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "not_delivered");
                return error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
            }
        }

        return null;
    }

    /// <summary>Ends a dispatch: logs it and, while someone observes the backlog gauge, counts the outbox once for it.</summary>
    private async ValueTask<DispatchSummary> DoneAsync(int delivered, int failed, int dead, CancellationToken cancellationToken)
    {
        if (_metrics.Backlog.Enabled)
        {
            _metrics.RecordBacklog(await _store.GetOutboxBacklogAsync(cancellationToken).ConfigureAwait(false));
        }

        if (delivered + failed + dead > 0)
        {
            PaymentCoreLog.Dispatched(_logger, delivered, failed, dead);
        }

        return new DispatchSummary(delivered, failed, dead);
    }

    private DeliveryFailure Failure(OutboxMessage message, string error, DateTimeOffset now)
    {
        var attempts = message.Attempts + 1;
        var tooOld = now - message.Event.OccurredAt >= _options.MaxAge;
        var delay = _options.RetryDelay;
        for (var i = 1; i < attempts && delay < _options.MaxRetryDelay; i++)
        {
            delay += delay; // doubling; bounded by the loop, so it cannot overflow
        }

        delay = delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
        return new DeliveryFailure(message.Event.EventId, attempts, now + delay, error, DeadLetter: attempts >= _options.MaxAttempts || tooOld);
    }
}
