using PaymentCore.Webhooks.Endpoints;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Hears of deliveries that need a person: an endpoint disabled by a 410 Gone, a delivery dead-lettered. Register any
/// number in the container (e-mail the merchant, raise an alert); a failing observer is logged and does not stop
/// delivery.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IWebhookDeliveryObserver
{
    /// <summary>Called once when an endpoint is disabled.</summary>
    /// <param name="endpoint">The endpoint, now disabled, with its reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask OnEndpointDisabledAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Called when a delivery is dead-lettered.</summary>
    /// <param name="delivery">The dead letter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask OnDeadLetteredAsync(WebhookDelivery delivery, CancellationToken cancellationToken);
}
