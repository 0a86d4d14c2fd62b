using System.Net;
using System.Net.Sockets;

namespace PaymentCore.Webhooks.Addressing;

/// <summary>Classifies IP addresses and decides which ones a webhook may connect to.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class WebhookAddressPolicy
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private static readonly IPNetwork[] Private =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fec0::/10"),
    ];

    private static readonly IPNetwork[] LinkLocal = [IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("fe80::/10")];

    private static readonly IPNetwork[] Reserved =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("2001:db8::/32"),
    ];

    // NAT64 (64:ff9b::/96) embeds an IPv4 address in its last 32 bits; an attacker could reach 10.x through it.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Creates a policy.</summary>
    /// <param name="allowLoopback">Whether loopback addresses are allowed (tests, local development).</param>
    /// <param name="allowPrivateNetworks">Whether private and link-local addresses are allowed (receivers inside your own network).</param>
    public WebhookAddressPolicy(bool allowLoopback, bool allowPrivateNetworks)
    {
        AllowLoopback = allowLoopback;
        AllowPrivateNetworks = allowPrivateNetworks;
    }

    /// <summary>Gets whether loopback addresses are allowed.</summary>
    public bool AllowLoopback { get; }

    /// <summary>Gets whether private and link-local addresses are allowed.</summary>
    public bool AllowPrivateNetworks { get; }

    /// <summary>Classifies an address.</summary>
    /// <param name="address">The address.</param>
    /// <returns>Its category.</returns>
    public static WebhookAddressCategory Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes().AsSpan(12, 4));
        }

        if (address.Equals(IPAddress.Broadcast))
        {
            return WebhookAddressCategory.Reserved;
        }

        return In(Loopback, address) ? WebhookAddressCategory.Loopback
            : In(LinkLocal, address) ? WebhookAddressCategory.LinkLocal
            : In(Private, address) ? WebhookAddressCategory.Private
            : In(Reserved, address) ? WebhookAddressCategory.Reserved
            : WebhookAddressCategory.Public;
    }

    /// <summary>Gets whether an address may be connected to.</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when allowed.</returns>
    public bool IsAllowed(IPAddress address) => IsAllowed(Classify(address));

    /// <summary>Gets whether a category may be connected to.</summary>
    /// <param name="category">The category.</param>
    /// <returns>True when allowed.</returns>
    public bool IsAllowed(WebhookAddressCategory category) => category switch
    {
        WebhookAddressCategory.Public => true,
        WebhookAddressCategory.Loopback => AllowLoopback,
        WebhookAddressCategory.Private or WebhookAddressCategory.LinkLocal => AllowPrivateNetworks,
        _ => false,
    };

    private static bool In(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
