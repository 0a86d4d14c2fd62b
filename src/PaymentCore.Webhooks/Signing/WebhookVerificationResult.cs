namespace PaymentCore.Webhooks.Signing;

/// <summary>
/// The verdict on a received webhook. When <see cref="IsValid"/> is false, <see cref="Code"/> is one of
/// <c>missing_header</c>, <c>invalid_header</c>, <c>timestamp_out_of_tolerance</c> or <c>no_matching_signature</c>, and
/// <see cref="Message"/> says which header or rule, never a secret or a signature.
/// </summary>
/// <remarks>Immutable.</remarks>
public readonly record struct WebhookVerificationResult
{
    private WebhookVerificationResult(WebhookVerificationError error, string message, string? messageId, long timestamp)
    {
        Error = error;
        Message = message;
        MessageId = messageId;
        Timestamp = timestamp;
    }

    /// <summary>Gets whether the webhook is authentic and fresh.</summary>
    public bool IsValid => Error == WebhookVerificationError.None;

    /// <summary>Gets the reason for a refusal, or <see cref="WebhookVerificationError.None"/>.</summary>
    public WebhookVerificationError Error { get; }

    /// <summary>Gets the stable error code (empty when valid).</summary>
    public string Code => CodeOf(Error);

    /// <summary>Gets a message for the receiver's log: the header or rule that failed.</summary>
    public string Message { get; }

    /// <summary>Gets the verified <c>webhook-id</c> (the de-duplication key), when valid.</summary>
    public string? MessageId { get; }

    /// <summary>Gets the verified <c>webhook-timestamp</c> in Unix seconds, when valid.</summary>
    public long Timestamp { get; }

    /// <summary>Gets the code of an error.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The code, such as <c>no_matching_signature</c>.</returns>
    public static string CodeOf(WebhookVerificationError error) => error switch
    {
        WebhookVerificationError.None => string.Empty,
        WebhookVerificationError.MissingHeader => "missing_header",
        WebhookVerificationError.InvalidHeader => "invalid_header",
        WebhookVerificationError.TimestampOutOfTolerance => "timestamp_out_of_tolerance",
        WebhookVerificationError.NoMatchingSignature => "no_matching_signature",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Not a webhook verification error."),
    };

    internal static WebhookVerificationResult Valid(string messageId, long timestamp) =>
        new(WebhookVerificationError.None, "The webhook is authentic.", messageId, timestamp);

    internal static WebhookVerificationResult Refused(WebhookVerificationError error, string message) => new(error, message, null, 0);
}
