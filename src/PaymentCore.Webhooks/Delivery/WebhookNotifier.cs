using System.Text.Json;
using PaymentCore.Notifications;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Payloads;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Posts each payment event, signed, to every enabled endpoint of its merchant that wants its type. Each (event,
/// endpoint) pair becomes one delivery in the <see cref="IWebhookDeliveryStore"/>, tried at once and then on the
/// long-term schedule by <see cref="WebhookRetryRunner"/>; an event handed over twice is delivered once.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="NotifyAsync"/> returns once every delivery is recorded and (with <see cref="WebhookOptions.SendOnNotify"/>, the default) tried once, whatever the
/// receivers answered: retries are this package's job from then on, per endpoint, so one endpoint's outage never
/// re-sends to the others. It throws only when the registry or the store fails, and then the event is handed over again.
/// </remarks>
public sealed class WebhookNotifier : INotifier
{
    private readonly IWebhookEndpointRegistry _registry;
    private readonly WebhookDeliveryEngine _engine;

    private readonly bool _sendOnNotify;

    internal WebhookNotifier(IWebhookEndpointRegistry registry, WebhookDeliveryEngine engine, bool sendOnNotify)
    {
        _registry = registry;
        _engine = engine;
        _sendOnNotify = sendOnNotify;
    }

    /// <inheritdoc />
    public async ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default) =>
        _ = await DeliverAsync(paymentEvent, cancellationToken).ConfigureAwait(false);

    /// <summary>Delivers an event to its merchant's endpoints and says what became of each delivery.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the attempts; deliveries already recorded are retried later.</param>
    /// <returns>One outcome per endpoint that wants the event, ordered by endpoint id.</returns>
    public async ValueTask<IReadOnlyList<WebhookDeliveryOutcome>> DeliverAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        var type = WebhookEventTypes.For(paymentEvent.To);
        var endpoints = (await _registry.GetForMerchantAsync(paymentEvent.RoutingMerchantId, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Enabled && e.Wants(type))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToArray();
        if (endpoints.Length == 0)
        {
            return [];
        }

        var attempts = new Task<WebhookDeliveryOutcome>[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            attempts[i] = DeliverToAsync(paymentEvent, type, endpoints[i], cancellationToken).AsTask();
        }

        return await Task.WhenAll(attempts).ConfigureAwait(false);
    }

    private async ValueTask<WebhookDeliveryOutcome> DeliverToAsync(PaymentEvent paymentEvent, string type, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var now = _engine.TimeProvider.GetUtcNow();
        var draft = new WebhookDeliveryDraft(
            new WebhookDeliveryId(paymentEvent.EventId, endpoint.Id),
            PaymentWebhookPayload.MessageIdFor(paymentEvent),
            paymentEvent.RoutingMerchantId,
            paymentEvent.TransactionId,
            type,
            sequence => JsonSerializer.Serialize(PaymentWebhookPayload.For(paymentEvent, sequence), WebhookJsonContext.Default.PaymentWebhookPayload));
        // Sending here claims the new delivery for a lease; recording only leaves it due now for the retry runner.
        var (delivery, created) = await _engine.Store.EnqueueAsync(draft, now, _sendOnNotify ? _engine.LeaseUntil(now) : now, cancellationToken).ConfigureAwait(false);
        return created && _sendOnNotify
            ? await _engine.AttemptAsync(delivery, cancellationToken).ConfigureAwait(false)
            : WebhookDeliveryOutcome.Of(delivery);
    }
}
