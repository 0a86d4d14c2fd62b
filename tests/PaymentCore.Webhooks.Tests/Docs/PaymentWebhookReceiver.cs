// A receiver in your own ASP.NET Core service: verify the raw bytes, de-duplicate by webhook-id, then parse.
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PaymentCore.Webhooks.Payloads;
using PaymentCore.Webhooks.Signing;

namespace MyShop.Payments;

public static class PaymentWebhookReceiver
{
    public static RouteHandlerBuilder MapPaymentWebhooks(
        this IEndpointRouteBuilder routes, string pattern, WebhookVerifier verifier, Action<PaymentWebhookPayload> handle)
    {
        // One instance here; several instances share a store (a table with a unique key, Redis SETNX...).
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        return routes.MapPost(pattern, async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            // The signature covers these exact bytes: never parse and re-serialize before verifying.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var body = buffer.ToArray();
            var result = verifier.Verify(
                request.Headers[WebhookHeaders.Id],
                request.Headers[WebhookHeaders.Timestamp],
                request.Headers[WebhookHeaders.Signature],
                body);
            if (!result.IsValid)
            {
                // missing_header, invalid_header, timestamp_out_of_tolerance or no_matching_signature.
                return Results.Problem(title: result.Code, detail: result.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            // A retry carries the same webhook-id: answer 2xx again, do the work once.
            if (seen.TryAdd(result.MessageId!, true))
            {
                handle(JsonSerializer.Deserialize(body, WebhookJsonContext.Default.PaymentWebhookPayload)!);
            }

            return Results.NoContent();
        });
    }
}
