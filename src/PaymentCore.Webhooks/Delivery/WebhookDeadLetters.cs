namespace PaymentCore.Webhooks.Delivery;

/// <summary>Lists dead-lettered deliveries and re-drives them (after the merchant fixed the receiver).</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class WebhookDeadLetters
{
    private readonly WebhookDeliveryEngine _engine;

    internal WebhookDeadLetters(WebhookDeliveryEngine engine) => _engine = engine;

    /// <summary>Lists dead letters, oldest first.</summary>
    /// <param name="merchantId">Only this merchant's, or all when null.</param>
    /// <param name="max">The most to list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A snapshot.</returns>
    public ValueTask<IReadOnlyList<WebhookDelivery>> ListAsync(string? merchantId = null, int max = 100, CancellationToken cancellationToken = default) =>
        _engine.Store.ListDeadLettersAsync(merchantId, max, cancellationToken);

    /// <summary>
    /// Re-drives a dead letter: its attempts start again from zero and the first is made now, with the same
    /// <c>webhook-id</c> and body, so a receiver that already has it drops it as a duplicate.
    /// </summary>
    /// <param name="id">The dead letter.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The outcome of the new attempt.</returns>
    /// <exception cref="InvalidOperationException">No such delivery, or it is not dead-lettered (or another caller re-drove it first).</exception>
    public async ValueTask<WebhookDeliveryOutcome> RedriveAsync(WebhookDeliveryId id, CancellationToken cancellationToken = default)
    {
        var delivery = await _engine.Store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (delivery is null || delivery.Status != WebhookDeliveryStatus.DeadLettered)
        {
            throw new InvalidOperationException($"Delivery {id} is {(delivery is null ? "unknown" : delivery.Status.ToString())}; only a dead letter can be re-driven.");
        }

        var now = _engine.TimeProvider.GetUtcNow();
        var reset = delivery with
        {
            Status = WebhookDeliveryStatus.Pending,
            Attempts = 0,
            NextAttemptAt = _engine.LeaseUntil(now),
            Revision = delivery.Revision + 1,
        };
        if (!await _engine.Store.TryUpdateAsync(reset, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Delivery {id} changed while being re-driven; it is no longer this caller's to re-drive.");
        }

        return await _engine.AttemptAsync(reset, cancellationToken).ConfigureAwait(false);
    }
}
