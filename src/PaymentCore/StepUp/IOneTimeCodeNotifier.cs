namespace PaymentCore.StepUp;

/// <summary>
/// Delivers one-time codes to payers (SMS, e-mail, push). Unlike <see cref="Notifications.INotifier"/>, nothing
/// passes through the outbox: a code must never be written to a store.
/// </summary>
/// <remarks>Implementations must be thread-safe. Throw when the code was not sent; the challenge then counts no send.</remarks>
public interface IOneTimeCodeNotifier
{
    /// <summary>Sends a code.</summary>
    /// <param name="message">The code and whom it is for.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the code was handed to the channel.</returns>
    ValueTask SendAsync(OneTimeCodeMessage message, CancellationToken cancellationToken = default);
}
