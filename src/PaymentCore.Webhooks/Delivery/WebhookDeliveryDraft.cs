using PaymentCore.Transactions;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>A delivery to create: everything but the sequence number, which the store assigns.</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="MessageId">The <c>webhook-id</c>.</param>
/// <param name="MerchantId">The merchant.</param>
/// <param name="TransactionId">The transaction.</param>
/// <param name="EventType">The event type.</param>
/// <param name="BuildBody">Builds the JSON body from the assigned sequence number.</param>
/// <remarks>Immutable.</remarks>
public sealed record WebhookDeliveryDraft(
    WebhookDeliveryId Id,
    string MessageId,
    string MerchantId,
    TransactionId TransactionId,
    string EventType,
    Func<long, string> BuildBody);
