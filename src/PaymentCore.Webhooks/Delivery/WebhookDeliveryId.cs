namespace PaymentCore.Webhooks.Delivery;

/// <summary>Identifies one event's delivery to one endpoint; the same across every attempt and re-drive.</summary>
/// <param name="EventId">The event.</param>
/// <param name="EndpointId">The endpoint.</param>
/// <remarks>Immutable.</remarks>
public readonly record struct WebhookDeliveryId(Guid EventId, string EndpointId)
{
    /// <summary>Gets the text form, <c>{event id}/{endpoint id}</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => EventId.ToString("N") + "/" + EndpointId;
}
