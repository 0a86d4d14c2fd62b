using System.Net;
using PaymentCore.Webhooks.Addressing;

namespace PaymentCore.Webhooks.Tests.Addressing;

public sealed class WebhookAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", WebhookAddressCategory.Loopback)]
    [InlineData("127.255.0.9", WebhookAddressCategory.Loopback)]
    [InlineData("::1", WebhookAddressCategory.Loopback)]
    [InlineData("::ffff:127.0.0.1", WebhookAddressCategory.Loopback)]
    [InlineData("10.1.2.3", WebhookAddressCategory.Private)]
    [InlineData("172.16.0.1", WebhookAddressCategory.Private)]
    [InlineData("172.31.255.255", WebhookAddressCategory.Private)]
    [InlineData("192.168.1.1", WebhookAddressCategory.Private)]
    [InlineData("100.100.100.200", WebhookAddressCategory.Private)] // a cloud metadata address inside CGNAT space
    [InlineData("fd00:ec2::254", WebhookAddressCategory.Private)] // AWS IMDS over IPv6
    [InlineData("64:ff9b::10.0.0.1", WebhookAddressCategory.Private)] // NAT64 to a private address
    [InlineData("169.254.169.254", WebhookAddressCategory.LinkLocal)] // the cloud metadata service
    [InlineData("fe80::1", WebhookAddressCategory.LinkLocal)]
    [InlineData("0.0.0.0", WebhookAddressCategory.Reserved)]
    [InlineData("::", WebhookAddressCategory.Reserved)]
    [InlineData("255.255.255.255", WebhookAddressCategory.Reserved)]
    [InlineData("224.0.0.1", WebhookAddressCategory.Reserved)]
    [InlineData("ff02::1", WebhookAddressCategory.Reserved)]
    [InlineData("172.32.0.1", WebhookAddressCategory.Public)]
    [InlineData("8.8.8.8", WebhookAddressCategory.Public)]
    [InlineData("2606:4700::1111", WebhookAddressCategory.Public)]
    [InlineData("::ffff:8.8.8.8", WebhookAddressCategory.Public)]
    public void Classify_Address_Category(string address, WebhookAddressCategory expected)
    {
        Assert.Equal(expected, WebhookAddressPolicy.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public void IsAllowed_Defaults_OnlyPublic()
    {
        var policy = new WebhookAddressPolicy(allowLoopback: false, allowPrivateNetworks: false);

        Assert.True(policy.IsAllowed(IPAddress.Parse("8.8.8.8")));
        Assert.False(policy.IsAllowed(IPAddress.Loopback));
        Assert.False(policy.IsAllowed(IPAddress.Parse("10.0.0.1")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void IsAllowed_LoopbackOptIn_AllowsLoopbackOnly()
    {
        var policy = new WebhookAddressPolicy(allowLoopback: true, allowPrivateNetworks: false);

        Assert.True(policy.IsAllowed(IPAddress.Loopback));
        Assert.False(policy.IsAllowed(IPAddress.Parse("192.168.0.10")));
    }

    [Fact]
    public void IsAllowed_PrivateOptIn_AllowsPrivateAndLinkLocalButNeverReserved()
    {
        var policy = new WebhookAddressPolicy(allowLoopback: false, allowPrivateNetworks: true);

        Assert.True(policy.IsAllowed(IPAddress.Parse("192.168.0.10")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("169.254.1.1")));
        Assert.False(policy.IsAllowed(IPAddress.Loopback));
        Assert.False(policy.IsAllowed(IPAddress.Any));
        Assert.False(policy.IsAllowed(IPAddress.Parse("224.0.0.1")));
    }
}
