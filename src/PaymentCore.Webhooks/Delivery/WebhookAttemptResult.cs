namespace PaymentCore.Webhooks.Delivery;

/// <summary>One attempt's result: kind, status, the receiver's Retry-After, and a bounded error code.</summary>
internal readonly record struct WebhookAttemptResult(WebhookAttemptKind Kind, int? StatusCode, TimeSpan? RetryAfter, string? Error);
