using PaymentCore.Transactions;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// The state of one event's delivery to one endpoint: the exact body to send (so every attempt sends the same bytes),
/// the sequence number, the attempts made and when the next is due.
/// </summary>
/// <remarks>Immutable; a store replaces it whole, checking <see cref="Revision"/>.</remarks>
public sealed record WebhookDelivery
{
    /// <summary>Gets the delivery id.</summary>
    public required WebhookDeliveryId Id { get; init; }

    /// <summary>Gets the <c>webhook-id</c> sent (the event's id).</summary>
    public required string MessageId { get; init; }

    /// <summary>Gets the merchant.</summary>
    public required string MerchantId { get; init; }

    /// <summary>Gets the transaction the event is about.</summary>
    public required TransactionId TransactionId { get; init; }

    /// <summary>Gets the event type.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the event's position among this endpoint's events of the transaction (from 1).</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the JSON body, sent byte for byte on every attempt.</summary>
    public required string Body { get; init; }

    /// <summary>Gets when the delivery was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the status.</summary>
    public WebhookDeliveryStatus Status { get; init; }

    /// <summary>Gets the attempts made since creation or the last re-drive.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the next attempt is due (while pending; a claimed delivery's lease end).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Gets when the last attempt was made.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>Gets the last HTTP status received, if any.</summary>
    public int? LastStatusCode { get; init; }

    /// <summary>Gets the last failure, bounded text without secrets (for example <c>timeout</c> or <c>http_503</c>).</summary>
    public string? LastError { get; init; }

    /// <summary>Gets the store's revision, increased by every update; a stale update is refused.</summary>
    public long Revision { get; init; }
}
