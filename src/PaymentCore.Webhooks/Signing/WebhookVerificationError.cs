namespace PaymentCore.Webhooks.Signing;

/// <summary>Why a received webhook was refused. Each value has a stable code, see <see cref="WebhookVerificationResult.Code"/>.</summary>
public enum WebhookVerificationError
{
    /// <summary>The webhook verified.</summary>
    None = 0,

    /// <summary><c>missing_header</c>: <c>webhook-id</c>, <c>webhook-timestamp</c> or <c>webhook-signature</c> is absent or empty.</summary>
    MissingHeader = 1,

    /// <summary><c>invalid_header</c>: the timestamp is not an integer of Unix seconds, or a header is over its size limit.</summary>
    InvalidHeader = 2,

    /// <summary><c>timestamp_out_of_tolerance</c>: the timestamp is too far in the past or the future (a replay, or a clock far off).</summary>
    TimestampOutOfTolerance = 3,

    /// <summary><c>no_matching_signature</c>: no <c>v1</c> signature matches any of the receiver's secrets.</summary>
    NoMatchingSignature = 4,
}
