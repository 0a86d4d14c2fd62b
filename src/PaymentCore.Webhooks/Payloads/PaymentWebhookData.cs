using System.Text.Json.Serialization;

namespace PaymentCore.Webhooks.Payloads;

/// <summary>The <c>data</c> of a payment webhook: which payment moved, from and to which state, and by how much.</summary>
/// <param name="TransactionId">The transaction.</param>
/// <param name="Version">The record version the change produced (increases by one per change of the transaction).</param>
/// <param name="MerchantId">The merchant.</param>
/// <param name="From">The state before, snake_case (<c>authorized</c>).</param>
/// <param name="To">The state after, snake_case (<c>captured</c>).</param>
/// <param name="Amount">The amount the change moved.</param>
/// <param name="Reason">The decline or failure code, if any.</param>
/// <remarks>Immutable. The payer's instrument is left out on purpose: a webhook body is no place for card data.</remarks>
public sealed record PaymentWebhookData(string TransactionId, long Version, string MerchantId, string From, string To, WebhookAmount Amount, string? Reason)
{
    /// <summary>
    /// Gets what to do next on a decline or failure, snake_case (<c>try_again_later</c>, <c>use_another_instrument</c>,
    /// <c>contact_issuer</c>, <c>do_not_retry</c>, <c>fix_request</c>); left out of the body on other events.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Advice { get; init; }

    /// <summary>Gets a short sentence safe to show the payer, with <see cref="Advice"/>; left out of the body on other events.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PayerMessage { get; init; }
}
