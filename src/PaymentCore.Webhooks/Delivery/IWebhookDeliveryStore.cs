namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Keeps per-endpoint delivery state: attempts, next attempt, dead letters, and each endpoint's sequence counter per
/// transaction. The in-memory store is the default; a durable one keeps retries across restarts. When core's outbox
/// dispatcher takes over scheduling, this interface is where the two meet.
/// </summary>
/// <remarks>Implementations must be thread-safe, and each method atomic.</remarks>
public interface IWebhookDeliveryStore
{
    /// <summary>
    /// Creates a delivery, claimed until <paramref name="leaseUntil"/>, with the next sequence number of its endpoint and
    /// transaction; or returns the existing one with that id unchanged, so an event enqueued twice is delivered once.
    /// </summary>
    /// <param name="draft">The delivery to create.</param>
    /// <param name="now">The time now.</param>
    /// <param name="leaseUntil">Until when the caller owns the first attempt.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The delivery, and whether it was created by this call.</returns>
    ValueTask<(WebhookDelivery Delivery, bool Created)> EnqueueAsync(WebhookDeliveryDraft draft, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> pending deliveries due by <paramref name="now"/>, moving their next attempt to <paramref name="leaseUntil"/>.</summary>
    /// <param name="now">The time now.</param>
    /// <param name="leaseUntil">Until when the caller owns the attempts.</param>
    /// <param name="max">The most to claim.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed deliveries, earliest due first.</returns>
    ValueTask<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Replaces a delivery when the stored revision is one less than <paramref name="updated"/>'s.</summary>
    /// <param name="updated">The new state, with its revision increased by one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was stored (false when another worker changed it first).</returns>
    ValueTask<bool> TryUpdateAsync(WebhookDelivery updated, CancellationToken cancellationToken = default);

    /// <summary>Finds a delivery.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The delivery, or null.</returns>
    ValueTask<WebhookDelivery?> FindAsync(WebhookDeliveryId id, CancellationToken cancellationToken = default);

    /// <summary>Lists dead letters, oldest first.</summary>
    /// <param name="merchantId">Only this merchant's, or every merchant's when null.</param>
    /// <param name="max">The most to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A snapshot.</returns>
    ValueTask<IReadOnlyList<WebhookDelivery>> ListDeadLettersAsync(string? merchantId, int max, CancellationToken cancellationToken = default);
}
