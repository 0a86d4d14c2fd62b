namespace PaymentCore.Webhooks.Delivery;

/// <summary>What one HTTP attempt (with its short-term retries) came to.</summary>
internal enum WebhookAttemptKind
{
    /// <summary>2xx.</summary>
    Delivered,

    /// <summary>410 Gone.</summary>
    Gone,

    /// <summary>Any other answer, a timeout or a connection error: retried on the schedule.</summary>
    Failed,

    /// <summary>The endpoint may not be reached (SSRF guard, https required): retrying cannot help.</summary>
    Refused,
}
