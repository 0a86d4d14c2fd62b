namespace PaymentCore.Webhooks.Delivery;

/// <summary>What one HTTP attempt (with its short-term retries) came to.</summary>
internal enum WebhookAttemptKind
{
    Delivered,
    Gone,
    Failed,
    Refused,
}

/// <summary>One attempt's result: kind, status, the receiver's Retry-After, and a bounded error code.</summary>
internal readonly record struct WebhookAttemptResult(WebhookAttemptKind Kind, int? StatusCode, TimeSpan? RetryAfter, string? Error);
