using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaymentCore.Webhooks.Tests.Support;

/// <summary>One request as the receiver saw it: headers of interest and the raw body.</summary>
internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, CancellationToken Aborted)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>
/// A real Kestrel server on 127.0.0.1, port 0, in the test process. Each path answers from a script (a function of the
/// request and its number on that path); every request is recorded. Requests never go anywhere but loopback.
/// </summary>
internal sealed class ReceiverServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<ReceivedRequest, int, Task<IResult>>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private ReceiverServer(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ReceiverServer> StartAsync(Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ReceiverServer(app);
        map?.Invoke(app);
        app.MapPost("/hooks/{name}", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public Uri Url(string name) => new(BaseAddress, "hooks/" + name);

    /// <summary>Scripts a path; unscripted paths answer 204.</summary>
    public void Script(string name, Func<ReceivedRequest, int, Task<IResult>> script) => _scripts[name] = script;

    public void Script(string name, Func<int, IResult> script) => _scripts[name] = (_, n) => Task.FromResult(script(n));

    public IReadOnlyList<ReceivedRequest> On(string name) => [.. Requests.Where(r => r.Path == "/hooks/" + name)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(string name, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var received = new ReceivedRequest(request.Path, headers, buffer.ToArray(), request.HttpContext.RequestAborted);
        Requests.Enqueue(received);
        var number = _counts.AddOrUpdate(name, 1, static (_, n) => n + 1);
        return _scripts.TryGetValue(name, out var script) ? await script(received, number) : Results.NoContent();
    }
}
