using System.Net;
using System.Net.Sockets;

namespace PaymentCore.Webhooks.Addressing;

/// <summary>
/// The connect step of the webhook HTTP handler: resolves the host itself, checks every address against the policy,
/// and connects only to an address it checked. Checking at connect time (not when the endpoint is registered) is what
/// defeats DNS rebinding, where a name resolves to a public address at registration and to 10.0.0.1 later.
/// </summary>
internal sealed class GuardedConnector
{
    private readonly WebhookAddressPolicy _policy;

    public GuardedConnector(WebhookAddressPolicy policy) => _policy = policy;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // A name with any forbidden address is refused whole: which address the connection would use is not ours to pick safely.
        foreach (var address in addresses)
        {
            var category = WebhookAddressPolicy.Classify(address);
            if (!_policy.IsAllowed(category))
            {
                throw new WebhookAddressRefusedException(host, category);
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
