// The sending side: PaymentCore posts every payment event to the merchant's endpoints.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PaymentCore.Webhooks.Delivery;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;

namespace MyShop.Payments;

public static class WebhookSenderSetup
{
    public static void AddPayments(IServiceCollection services, IConfiguration configuration) =>
        services.AddPaymentCore()
            .UseInMemoryDefaults() // your authorizer and store in production: AddAuthorizer<T>(), UseSqlite(...)
            .AddWebhooks(configuration.GetSection(WebhookOptions.SectionName));

    public static async Task<string> RegisterEndpointAsync(IServiceProvider provider, string merchantId, Uri url)
    {
        var secret = WebhookSecret.Generate(); // 32 random bytes
        var endpoint = new WebhookEndpoint($"{merchantId}-orders", merchantId, url, [secret])
        {
            EventTypes = new HashSet<string> { WebhookEventTypes.Captured, WebhookEventTypes.Refunded },
        };
        await provider.GetRequiredService<IWebhookEndpointRegistry>().AddOrUpdateAsync(endpoint);
        return secret.Reveal(); // "whsec_…": show it to the merchant once; store it as a secret
    }

    public static async Task RotateAsync(IServiceProvider provider, string endpointId)
    {
        var registry = provider.GetRequiredService<IWebhookEndpointRegistry>();
        var endpoint = await registry.FindAsync(endpointId) ?? throw new InvalidOperationException("No such endpoint.");
        // Sign with both until the receiver has switched, then store the endpoint again with the new secret alone.
        await registry.AddOrUpdateAsync(endpoint with { Secrets = [WebhookSecret.Generate(), endpoint.Secrets[0]] });
    }

    public static async Task RetryAndRedriveAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        // Call on a timer (a hosted service): sends what the schedule says is due.
        await provider.GetRequiredService<WebhookRetryRunner>().RunDueAsync(cancellationToken: cancellationToken);

        // After the merchant fixed the receiver: send the dead letters again, same webhook-id.
        var deadLetters = provider.GetRequiredService<WebhookDeadLetters>();
        foreach (var letter in await deadLetters.ListAsync(cancellationToken: cancellationToken))
        {
            await deadLetters.RedriveAsync(letter.Id, cancellationToken);
        }
    }
}
