using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaymentCore.Webhooks.Signing;

namespace HostedService;

/// <summary>
/// Another service of the merchant, here in the same process: Kestrel on 127.0.0.1 (a free port), one endpoint that
/// verifies each webhook's signature over the raw bytes and counts it once per <c>webhook-id</c>.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);
    private int _rejected;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Verified => _verified;

    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<WebhookReceiver> StartAsync(WebhookSecret secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var verifier = new WebhookVerifier(secret);
        app.MapPost("/webhooks", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var result = verifier.Verify(request.Headers[WebhookHeaders.Id], request.Headers[WebhookHeaders.Timestamp], request.Headers[WebhookHeaders.Signature], buffer.ToArray());
            if (!result.IsValid)
            {
                Interlocked.Increment(ref receiver._rejected);
                return Results.BadRequest(result.Code);
            }

            receiver._verified.TryAdd(result.MessageId!, request.Headers[WebhookHeaders.TraceParent].ToString());
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/webhooks");
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
