namespace PaymentCore.Webhooks.Signing;

/// <summary>Options of a <see cref="WebhookVerifier"/>.</summary>
/// <remarks>Not thread-safe while being changed; the verifier copies what it needs.</remarks>
public sealed class WebhookVerifierOptions
{
    /// <summary>Gets or sets how far the <c>webhook-timestamp</c> may be from the receiver's clock, either way.</summary>
    /// <value>Defaults to 5 minutes, as the Standard Webhooks libraries do. Must be positive and at most one day.</value>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}
