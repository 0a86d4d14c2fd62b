using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Webhooks.Endpoints;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Makes one attempt of a claimed delivery and records where it stands: delivered, retry at a time from the schedule
/// (or the receiver's Retry-After), endpoint gone, or dead-lettered. The one place the delivery policy is decided.
/// </summary>
internal sealed class WebhookDeliveryEngine
{
    private readonly IWebhookEndpointRegistry _registry;
    private readonly IWebhookDeliveryStore _store;
    private readonly WebhookSender _sender;
    private readonly WebhookRetrySchedule _schedule;
    private readonly TimeProvider _timeProvider;
    private readonly IWebhookDeliveryObserver[] _observers;
    private readonly ILogger _logger;
    private readonly TimeSpan _lease;

    public WebhookDeliveryEngine(
        IWebhookEndpointRegistry registry,
        IWebhookDeliveryStore store,
        WebhookSender sender,
        WebhookRetrySchedule schedule,
        TimeProvider timeProvider,
        IEnumerable<IWebhookDeliveryObserver> observers,
        IOptions<WebhookOptions> options,
        ILogger<WebhookDeliveryEngine>? logger)
    {
        _registry = registry;
        _store = store;
        _sender = sender;
        _schedule = schedule;
        _timeProvider = timeProvider;
        _observers = [.. observers];
        _lease = options.Value.Lease;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public TimeProvider TimeProvider => _timeProvider;

    public IWebhookDeliveryStore Store => _store;

    public DateTimeOffset LeaseUntil(DateTimeOffset now) => now + _lease;

    public async ValueTask<WebhookDeliveryOutcome> AttemptAsync(WebhookDelivery claimed, CancellationToken cancellationToken)
    {
        var endpoint = await _registry.FindAsync(claimed.Id.EndpointId, cancellationToken).ConfigureAwait(false);
        if (endpoint is null || !endpoint.Enabled)
        {
            return await FinishAsync(claimed with
            {
                Status = WebhookDeliveryStatus.EndpointGone,
                NextAttemptAt = null,
                LastError = endpoint is null ? "endpoint_removed" : "endpoint_disabled",
                Revision = claimed.Revision + 1,
            }, cancellationToken).ConfigureAwait(false);
        }

        var result = await _sender.SendAsync(claimed, endpoint, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var attempted = claimed with
        {
            Attempts = claimed.Attempts + 1,
            LastAttemptAt = now,
            LastStatusCode = result.StatusCode,
            LastError = result.Error,
            Revision = claimed.Revision + 1,
        };
        var next = Decide(attempted, result, now);
        if (result.Kind == WebhookAttemptKind.Gone)
        {
            await DisableAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(next, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The delivery policy as one pure decision over (delivery after the attempt, attempt result).</summary>
    internal WebhookDelivery Decide(WebhookDelivery attempted, WebhookAttemptResult result, DateTimeOffset now)
    {
        switch (result.Kind)
        {
            case WebhookAttemptKind.Delivered:
                return attempted with { Status = WebhookDeliveryStatus.Delivered, NextAttemptAt = null };
            case WebhookAttemptKind.Gone:
                return attempted with { Status = WebhookDeliveryStatus.EndpointGone, NextAttemptAt = null };
            case WebhookAttemptKind.Refused:
                // Retrying cannot help an address the policy forbids: dead-letter now so a person looks at it.
                return attempted with { Status = WebhookDeliveryStatus.DeadLettered, NextAttemptAt = null };
            default:
                var delay = _schedule.NextDelay(attempted.Attempts, result.RetryAfter);
                return delay is { } wait
                    ? attempted with { Status = WebhookDeliveryStatus.Pending, NextAttemptAt = now + wait }
                    : attempted with { Status = WebhookDeliveryStatus.DeadLettered, NextAttemptAt = null };
        }
    }

    private async ValueTask<WebhookDeliveryOutcome> FinishAsync(WebhookDelivery next, CancellationToken cancellationToken)
    {
        if (!await _store.TryUpdateAsync(next, cancellationToken).ConfigureAwait(false))
        {
            // Another worker took the delivery after our lease ran out; its record is the truth.
            var current = await _store.FindAsync(next.Id, cancellationToken).ConfigureAwait(false);
            return WebhookDeliveryOutcome.Of(current ?? next);
        }

        var id = next.Id.ToString();
        switch (next.Status)
        {
            case WebhookDeliveryStatus.Delivered:
                WebhookLog.Delivered(_logger, id, next.Attempts, next.LastStatusCode);
                break;
            case WebhookDeliveryStatus.Pending:
                WebhookLog.RetryScheduled(_logger, id, next.Attempts, next.LastError, next.NextAttemptAt);
                break;
            case WebhookDeliveryStatus.DeadLettered:
                WebhookLog.DeadLettered(_logger, id, next.Attempts, next.LastError);
                foreach (var observer in _observers)
                {
                    await NotifyAsync(observer.OnDeadLetteredAsync(next, cancellationToken)).ConfigureAwait(false);
                }

                break;
        }

        return WebhookDeliveryOutcome.Of(next);
    }

    private async ValueTask DisableAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var disabled = await _registry.DisableAsync(endpoint.Id, "The receiver answered 410 Gone.", cancellationToken).ConfigureAwait(false);
        if (disabled is null)
        {
            return; // Already disabled by a concurrent delivery, which raised the event.
        }

        WebhookLog.EndpointDisabled(_logger, disabled.Id, disabled.MerchantId, disabled.DisabledReason ?? string.Empty);
        foreach (var observer in _observers)
        {
            await NotifyAsync(observer.OnEndpointDisabledAsync(disabled, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async ValueTask NotifyAsync(ValueTask call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WebhookLog.ObserverFailed(_logger, ex);
        }
    }
}
