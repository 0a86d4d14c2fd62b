using Microsoft.Extensions.DependencyInjection;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;

namespace MyShop.Payments;

public static class ReadmeQuickStart
{
    public static async Task<(ServiceProvider Provider, string Secret)> StartAsync(IServiceCollection services, Uri receiver)
    {
        services.AddPaymentCore().AddWebhooks(); // every payment event is posted, signed, to its merchant's endpoints
        var provider = services.BuildServiceProvider();

        var secret = WebhookSecret.Generate();
        await provider.GetRequiredService<IWebhookEndpointRegistry>()
            .AddOrUpdateAsync(new WebhookEndpoint("coffee-shop-1", "coffee-shop", receiver, [secret]));
        // The receiver checks signatures with new WebhookVerifier(WebhookSecret.Parse(thatText)).
        return (provider, secret.Reveal());
    }
}
