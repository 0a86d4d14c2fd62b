namespace PaymentCore.Webhooks.Addressing;

/// <summary>What kind of network an IP address belongs to, as far as webhook delivery cares.</summary>
public enum WebhookAddressCategory
{
    /// <summary>A public, routable address: always allowed.</summary>
    Public = 0,

    /// <summary>127.0.0.0/8 and ::1; allowed only with <c>WebhookOptions.AllowLoopback</c>.</summary>
    Loopback = 1,

    /// <summary>
    /// RFC 1918, carrier-grade NAT (100.64.0.0/10, which also holds some clouds' metadata service), IPv6 unique-local
    /// (fc00::/7) and site-local; allowed only with <c>WebhookOptions.AllowPrivateNetworks</c>.
    /// </summary>
    Private = 2,

    /// <summary>169.254.0.0/16 (where 169.254.169.254, the cloud metadata service, lives) and fe80::/10; allowed only with <c>AllowPrivateNetworks</c>.</summary>
    LinkLocal = 3,

    /// <summary>Unspecified, multicast, broadcast, reserved and documentation ranges: never allowed.</summary>
    Reserved = 4,
}
