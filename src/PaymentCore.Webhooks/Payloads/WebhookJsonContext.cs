using System.Text.Json.Serialization;

namespace PaymentCore.Webhooks.Payloads;

/// <summary>
/// The source-generated System.Text.Json context of webhook payloads: camelCase, no indentation, numbers as JSON
/// integers. Receivers use <c>WebhookJsonContext.Default.PaymentWebhookPayload</c> to read a body.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(PaymentWebhookPayload))]
public sealed partial class WebhookJsonContext : JsonSerializerContext;
