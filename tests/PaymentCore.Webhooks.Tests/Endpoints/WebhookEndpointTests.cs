using PaymentCore.Transactions;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Webhooks.Tests.Endpoints;

public sealed class WebhookEndpointTests
{
    private static readonly Uri Url = new("https://shop.example/hooks");

    [Theory]
    [InlineData("ftp://shop.example/hooks")]
    [InlineData("https://user:pass@shop.example/hooks")]
    public void Constructor_BadUrl_RefusedNamingUrl(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => new WebhookEndpoint("ep", "m", new Uri(url), [WebhookSecret.Generate()]));

        Assert.Equal("url", ex.ParamName);
        Assert.DoesNotContain("pass", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RelativeUrl_Refused()
    {
        Assert.Equal("url", Assert.Throws<ArgumentException>(() => new WebhookEndpoint("ep", "m", new Uri("/hooks", UriKind.Relative), [WebhookSecret.Generate()])).ParamName);
    }

    [Theory]
    [InlineData("", "m", "id")]
    [InlineData("ep", "", "merchantId")]
    [InlineData("ep\n", "m", "id")]
    public void Constructor_BadIds_RefusedNamingTheField(string id, string merchantId, string field)
    {
        Assert.Equal(field, Assert.Throws<ArgumentException>(() => new WebhookEndpoint(id, merchantId, Url, [WebhookSecret.Generate()])).ParamName);
    }

    [Fact]
    public void Secrets_NoneOrTooMany_Refused()
    {
        Assert.Equal("Secrets", Assert.Throws<ArgumentException>(() => new WebhookEndpoint("ep", "m", Url, [])).ParamName);
        var five = Enumerable.Range(0, 5).Select(_ => WebhookSecret.Generate()).ToArray();
        Assert.Equal("Secrets", Assert.Throws<ArgumentException>(() => new WebhookEndpoint("ep", "m", Url, five)).ParamName);
    }

    [Fact]
    public void EventTypes_CallersSetChangedLater_EndpointUnchangedAndViewReadOnly()
    {
        var types = new HashSet<string> { WebhookEventTypes.Captured };
        var endpoint = new WebhookEndpoint("ep", "m", Url, [WebhookSecret.Generate()]) { EventTypes = types };

        types.Add(WebhookEventTypes.Refunded);

        Assert.False(endpoint.Wants(WebhookEventTypes.Refunded));
        Assert.IsNotType<HashSet<string>>(endpoint.EventTypes);
        Assert.Equal([WebhookEventTypes.Captured], endpoint.EventTypes);
    }

    [Fact]
    public void Equality_ComparesSecretsAndTypesByContent()
    {
        var secret = WebhookSecret.Generate();
        var a = new WebhookEndpoint("ep", "m", Url, [secret]) { EventTypes = new HashSet<string> { WebhookEventTypes.Captured } };
        var b = new WebhookEndpoint("ep", "m", Url, [secret]) { EventTypes = new HashSet<string> { WebhookEventTypes.Captured } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Secrets = [WebhookSecret.Generate()] });
        Assert.NotEqual(a, b with { Enabled = false });
    }

    [Fact]
    public void EventTypes_Unknown_RefusedListingTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WebhookEndpoint("ep", "m", Url, [WebhookSecret.Generate()]) { EventTypes = new HashSet<string> { "payment.exploded" } });

        Assert.Equal("EventTypes", ex.ParamName);
        Assert.Contains(WebhookEventTypes.Captured, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wants_EmptyMeansEverything_OtherwiseOnlyTheListed()
    {
        var all = new WebhookEndpoint("ep", "m", Url, [WebhookSecret.Generate()]);
        var some = all with { EventTypes = new HashSet<string> { WebhookEventTypes.Refunded } };

        Assert.All(WebhookEventTypes.All, t => Assert.True(all.Wants(t)));
        Assert.True(some.Wants(WebhookEventTypes.Refunded));
        Assert.False(some.Wants(WebhookEventTypes.Captured));
    }

    [Fact]
    public void For_EveryState_HasAKnownEventType()
    {
        Assert.Equal(WebhookEventTypes.All.Order(), Enum.GetValues<TransactionStatus>().Select(WebhookEventTypes.For).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookEventTypes.For((TransactionStatus)99));
    }

    [Fact]
    public async Task Registry_DisableTwice_ReportsTheChangeOnce()
    {
        var registry = new InMemoryWebhookEndpointRegistry();
        await registry.AddOrUpdateAsync(new WebhookEndpoint("ep", "m", Url, [WebhookSecret.Generate()]));
        await registry.AddOrUpdateAsync(new WebhookEndpoint("other", "m2", Url, [WebhookSecret.Generate()]));

        var first = await registry.DisableAsync("ep", "gone");
        var second = await registry.DisableAsync("ep", "gone");

        Assert.NotNull(first);
        Assert.False(first.Enabled);
        Assert.Null(second);
        Assert.Null(await registry.DisableAsync("missing", "gone"));
        Assert.Equal("ep", Assert.Single(await registry.GetForMerchantAsync("m")).Id);
        Assert.True(await registry.RemoveAsync("ep"));
        Assert.False(await registry.RemoveAsync("ep"));
    }
}
