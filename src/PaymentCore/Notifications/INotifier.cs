namespace PaymentCore.Notifications;

/// <summary>
/// Tells payer and merchant of a state change (e-mail, webhook, message bus). Delivery is at least once: the
/// processor writes each event to the store's outbox with the change and re-sends it until this call returns,
/// so implementations (or their receivers) drop duplicates by <see cref="PaymentEvent.EventId"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe. Throw to say the event was not delivered; it will be sent again.</remarks>
public interface INotifier
{
    /// <summary>Delivers one event to the payer and the merchant.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when the event is delivered.</returns>
    ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default);
}
