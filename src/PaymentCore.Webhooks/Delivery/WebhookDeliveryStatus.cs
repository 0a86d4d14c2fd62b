namespace PaymentCore.Webhooks.Delivery;

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet; the next attempt is due at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending = 0,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 1,

    /// <summary>The endpoint answered 410 Gone, or was disabled or removed; nothing more is sent.</summary>
    EndpointGone = 2,

    /// <summary>The schedule ran out (or the address was refused); kept for listing and re-driving.</summary>
    DeadLettered = 3,
}
