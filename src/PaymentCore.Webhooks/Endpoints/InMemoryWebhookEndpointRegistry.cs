using System.Collections.Concurrent;

namespace PaymentCore.Webhooks.Endpoints;

/// <summary>Keeps endpoints in memory; the default registry. Lost when the process ends.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryWebhookEndpointRegistry : IWebhookEndpointRegistry
{
    private readonly ConcurrentDictionary<string, WebhookEndpoint> _endpoints = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WebhookEndpoint>> GetForMerchantAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        IReadOnlyList<WebhookEndpoint> found = [.. _endpoints.Values.Where(e => e.MerchantId == merchantId)];
        return ValueTask.FromResult(found);
    }

    /// <inheritdoc />
    public ValueTask<WebhookEndpoint?> FindAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        return ValueTask.FromResult(_endpoints.GetValueOrDefault(endpointId));
    }

    /// <inheritdoc />
    public ValueTask AddOrUpdateAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoints[endpoint.Id] = endpoint;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        return ValueTask.FromResult(_endpoints.TryRemove(endpointId, out _));
    }

    /// <inheritdoc />
    public ValueTask<WebhookEndpoint?> DisableAsync(string endpointId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        ArgumentNullException.ThrowIfNull(reason);
        while (_endpoints.TryGetValue(endpointId, out var current))
        {
            if (!current.Enabled)
            {
                return ValueTask.FromResult<WebhookEndpoint?>(null);
            }

            var disabled = current with { Enabled = false, DisabledReason = reason };
            // Compare-and-swap: of two concurrent 410s only one reports the change.
            if (_endpoints.TryUpdate(endpointId, disabled, current))
            {
                return ValueTask.FromResult<WebhookEndpoint?>(disabled);
            }
        }

        return ValueTask.FromResult<WebhookEndpoint?>(null);
    }
}
