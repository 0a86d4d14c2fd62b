using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using PaymentCore.Webhooks.Addressing;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;
using Polly.Timeout;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Makes one signed HTTP POST of a delivery through the named client (whose resilience handler does the short-term
/// retries and the per-attempt timeout) and classifies the answer.
/// </summary>
internal sealed class WebhookSender
{
    /// <summary>The name of the <see cref="HttpClient"/> webhooks are posted with.</summary>
    public const string HttpClientName = "PaymentCore.Webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _timeProvider;
    private readonly WebhookOptions _options;

    public WebhookSender(IHttpClientFactory clients, TimeProvider timeProvider, IOptions<WebhookOptions> options)
    {
        _clients = clients;
        _timeProvider = timeProvider;
        _options = options.Value;
    }

    public async ValueTask<WebhookAttemptResult> SendAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.Url.Scheme != Uri.UriSchemeHttps && !_options.AllowHttp)
        {
            return new WebhookAttemptResult(WebhookAttemptKind.Refused, null, null, "https_required");
        }

        var now = _timeProvider.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, delivery.MessageId);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature, WebhookSigner.SignatureHeader(endpoint.Secrets, delivery.MessageId, timestamp, body));
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Sequence, delivery.Sequence.ToString(CultureInfo.InvariantCulture));
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } traced)
        {
            // The outbox's delivery span, a child of the payment's: set here so a retry from the runner, outside
            // any span, simply sends none rather than a stale one.
            request.Headers.TryAddWithoutValidation(WebhookHeaders.TraceParent, traced.Id);
        }

        if (endpoint.SendStripeSignature)
        {
            request.Headers.TryAddWithoutValidation(WebhookHeaders.StripeSignature, WebhookSigner.StripeSignatureHeader(endpoint.Secrets, timestamp, body));
        }

        using var client = _clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299)
            {
                return new WebhookAttemptResult(WebhookAttemptKind.Delivered, status, null, null);
            }

            if (response.StatusCode == HttpStatusCode.Gone)
            {
                return new WebhookAttemptResult(WebhookAttemptKind.Gone, status, null, "http_410");
            }

            // Every other answer is a failure (redirects too: the URL should be updated, not followed).
            return new WebhookAttemptResult(WebhookAttemptKind.Failed, status, RetryAfterOf(response, now), "http_" + status.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (RefusalOf(ex) is not null)
        {
            return new WebhookAttemptResult(WebhookAttemptKind.Refused, null, null, "address_refused");
        }
        catch (TimeoutRejectedException)
        {
            return new WebhookAttemptResult(WebhookAttemptKind.Failed, null, null, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return new WebhookAttemptResult(WebhookAttemptKind.Failed, null, null, "connection_" + ex.HttpRequestError.ToString().ToLowerInvariant());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttemptResult(WebhookAttemptKind.Failed, null, null, "timeout");
        }
    }

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    internal static WebhookAddressRefusedException? RefusalOf(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
