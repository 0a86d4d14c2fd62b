namespace PaymentCore.Webhooks.Signing;

/// <summary>The HTTP header names a PaymentCore webhook carries.</summary>
/// <remarks>Header names are case-insensitive in HTTP; these are the spellings the Standard Webhooks specification uses.</remarks>
public static class WebhookHeaders
{
    /// <summary>The event id: the same on every retry, so receivers de-duplicate by it.</summary>
    public const string Id = "webhook-id";

    /// <summary>The attempt's time, in Unix seconds; signed, so a replay outside the tolerance is refused.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>Space-separated <c>v1,&lt;base64&gt;</c> signatures, one per active secret.</summary>
    public const string Signature = "webhook-signature";

    /// <summary>
    /// The event's position among the events this endpoint gets for one transaction (1, 2, 3…), so a receiver can
    /// put events that arrive out of order back in order. Not part of the signature; the payload's <c>sequence</c> is.
    /// </summary>
    public const string Sequence = "webhook-sequence";

    /// <summary>Stripe's header, <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, sent when the endpoint asks for it.</summary>
    public const string StripeSignature = "Stripe-Signature";

    /// <summary>
    /// The W3C trace context of the delivery (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>), sent when the delivery is
    /// traced: a receiver that continues it sees the webhook in the payment's trace. Not part of the signature.
    /// </summary>
    public const string TraceParent = "traceparent";
}
