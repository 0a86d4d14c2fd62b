namespace PaymentCore.Webhooks.Addressing;

/// <summary>
/// Thrown when an endpoint's host resolves to an address webhooks may not reach (loopback, private, link-local, cloud
/// metadata, multicast or unspecified) and no option allows it: the guard against server-side request forgery.
/// </summary>
public sealed class WebhookAddressRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host that was refused (a URL's host, not its path or query).</param>
    /// <param name="category">The kind of address it resolved to.</param>
    public WebhookAddressRefusedException(string host, WebhookAddressCategory category)
        : base($"Webhook host '{host}' resolves to a {category} address, which webhooks may not reach; see WebhookOptions.AllowLoopback and AllowPrivateNetworks.")
    {
        Host = host;
        Category = category;
    }

    /// <summary>Gets the refused host.</summary>
    public string Host { get; }

    /// <summary>Gets the kind of address.</summary>
    public WebhookAddressCategory Category { get; }
}
