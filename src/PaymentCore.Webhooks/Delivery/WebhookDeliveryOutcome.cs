namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// The result of delivering one event to one endpoint: delivered, retry at a time, endpoint gone, or dead-lettered.
/// A dispatcher maps it to its own bookkeeping: done, try again at <see cref="RetryAt"/>, or stop.
/// </summary>
/// <param name="DeliveryId">The delivery.</param>
/// <param name="Kind">What it came to.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="RetryAt">When the next attempt is due, for <see cref="WebhookDeliveryOutcomeKind.RetryScheduled"/>.</param>
/// <param name="StatusCode">The last HTTP status, if a response came.</param>
/// <param name="Error">The last failure (<c>timeout</c>, <c>http_500</c>, <c>address_refused</c>…), if any.</param>
/// <remarks>Immutable.</remarks>
public readonly record struct WebhookDeliveryOutcome(
    WebhookDeliveryId DeliveryId,
    WebhookDeliveryOutcomeKind Kind,
    int Attempts,
    DateTimeOffset? RetryAt,
    int? StatusCode,
    string? Error)
{
    /// <summary>Gets the outcome a stored delivery stands at (used when an event already known is enqueued again).</summary>
    /// <param name="delivery">The delivery.</param>
    /// <returns>The outcome.</returns>
    public static WebhookDeliveryOutcome Of(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var kind = delivery.Status switch
        {
            WebhookDeliveryStatus.Delivered => WebhookDeliveryOutcomeKind.Delivered,
            WebhookDeliveryStatus.EndpointGone => WebhookDeliveryOutcomeKind.EndpointGone,
            WebhookDeliveryStatus.DeadLettered => WebhookDeliveryOutcomeKind.DeadLettered,
            _ => WebhookDeliveryOutcomeKind.RetryScheduled,
        };
        return new WebhookDeliveryOutcome(
            delivery.Id,
            kind,
            delivery.Attempts,
            kind == WebhookDeliveryOutcomeKind.RetryScheduled ? delivery.NextAttemptAt : null,
            delivery.LastStatusCode,
            delivery.LastError);
    }
}
