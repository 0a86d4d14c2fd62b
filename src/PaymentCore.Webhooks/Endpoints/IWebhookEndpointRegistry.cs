namespace PaymentCore.Webhooks.Endpoints;

/// <summary>
/// Keeps each merchant's webhook endpoints. The in-memory registry is the default; a store can keep them durably by
/// implementing this interface.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IWebhookEndpointRegistry
{
    /// <summary>Gets a merchant's endpoints, enabled or not.</summary>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A snapshot, in no particular order.</returns>
    ValueTask<IReadOnlyList<WebhookEndpoint>> GetForMerchantAsync(string merchantId, CancellationToken cancellationToken = default);

    /// <summary>Finds an endpoint by id.</summary>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint, or null.</returns>
    ValueTask<WebhookEndpoint?> FindAsync(string endpointId, CancellationToken cancellationToken = default);

    /// <summary>Adds an endpoint, or replaces the one with its id (to rotate secrets or change event types).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask AddOrUpdateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>Removes an endpoint.</summary>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it existed.</returns>
    ValueTask<bool> RemoveAsync(string endpointId, CancellationToken cancellationToken = default);

    /// <summary>Disables an endpoint so nothing more is posted to it (a receiver answered 410 Gone).</summary>
    /// <param name="endpointId">The endpoint id.</param>
    /// <param name="reason">Why, for the merchant's dashboard.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The disabled endpoint, or null when it does not exist or was already disabled.</returns>
    ValueTask<WebhookEndpoint?> DisableAsync(string endpointId, string reason, CancellationToken cancellationToken = default);
}
