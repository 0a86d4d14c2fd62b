namespace PaymentCore.Authorization;

/// <summary>
/// The authorizer's request that the payer authenticate before it authorizes (3-D Secure's challenge, Stripe's
/// <c>requires_action</c> with <c>next_action</c>): a page to send the payer to, data for its SDK, or both.
/// </summary>
/// <param name="RedirectUrl">Where to send the payer (an ACS or the gateway's page), if any.</param>
/// <param name="Payload">What the authorizer's client SDK needs (a client secret, a 3DS2 challenge request), if any; at most <see cref="MaxPayloadLength"/> characters. It is stored with the payment: never put a card number in it.</param>
/// <param name="ExpiresAt">When the authorizer stops accepting the authentication; the processor's default applies when <see langword="null"/>.</param>
/// <param name="Reference">The authorizer's reference for the pending payment (a payment-intent id), if any.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record AuthenticationChallenge(Uri? RedirectUrl, string? Payload, DateTimeOffset? ExpiresAt = null, string? Reference = null)
{
    /// <summary>The longest <see cref="Payload"/>, in characters.</summary>
    public const int MaxPayloadLength = 8192;
}
