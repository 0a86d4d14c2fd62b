namespace PaymentCore.Webhooks.Delivery;

/// <summary>What an attempt (or an enqueue of an event already known) came to.</summary>
public enum WebhookDeliveryOutcomeKind
{
    /// <summary>The receiver answered 2xx (now or before).</summary>
    Delivered = 0,

    /// <summary>It failed; the next attempt is due at <see cref="WebhookDeliveryOutcome.RetryAt"/>.</summary>
    RetryScheduled = 1,

    /// <summary>The receiver answered 410 Gone, or the endpoint is disabled: the endpoint gets nothing more.</summary>
    EndpointGone = 2,

    /// <summary>The schedule ran out, or the endpoint's address was refused; the delivery is a dead letter.</summary>
    DeadLettered = 3,
}
