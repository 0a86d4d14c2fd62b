using PaymentCore.Notifications;
using PaymentCore.Transactions;
using PaymentCore.Webhooks.Endpoints;

namespace PaymentCore.Webhooks.Payloads;

/// <summary>
/// The JSON body of a payment webhook, in the Standard Webhooks shape (<c>type</c>, <c>timestamp</c>, <c>data</c>). Receivers
/// read it with <see cref="WebhookJsonContext"/> after verifying the signature over the raw bytes.
/// </summary>
/// <param name="Id">The event id; equals the <c>webhook-id</c> header.</param>
/// <param name="Type">The event type, such as <c>payment.captured</c>.</param>
/// <param name="Timestamp">When the change happened (not when it was delivered).</param>
/// <param name="Sequence">The event's position among this endpoint's events of the transaction (1, 2, 3…).</param>
/// <param name="Data">The change.</param>
/// <remarks>Immutable.</remarks>
public sealed record PaymentWebhookPayload(string Id, string Type, DateTimeOffset Timestamp, long Sequence, PaymentWebhookData Data)
{
    /// <summary>Builds the payload of an event.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="sequence">The sequence number for the endpoint.</param>
    /// <returns>The payload.</returns>
    public static PaymentWebhookPayload For(PaymentEvent paymentEvent, long sequence)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        return new PaymentWebhookPayload(
            MessageIdFor(paymentEvent),
            WebhookEventTypes.For(paymentEvent.To),
            paymentEvent.OccurredAt,
            sequence,
            new PaymentWebhookData(
                paymentEvent.TransactionId.ToString(),
                paymentEvent.Version,
                paymentEvent.MerchantId,
                WebhookEventTypes.StateName(paymentEvent.From),
                WebhookEventTypes.StateName(paymentEvent.To),
                new WebhookAmount(paymentEvent.Amount.MinorUnits, paymentEvent.Amount.Currency.Code),
                paymentEvent.Reason)
            {
                Advice = paymentEvent.Advice is { } advice ? AdviceName(advice) : null,
                PayerMessage = paymentEvent.PayerMessage,
            });
    }

    private static string AdviceName(DeclineAdvice advice) => advice switch
    {
        DeclineAdvice.TryAgainLater => "try_again_later",
        DeclineAdvice.UseAnotherInstrument => "use_another_instrument",
        DeclineAdvice.ContactIssuer => "contact_issuer",
        DeclineAdvice.FixRequest => "fix_request",
        _ => "do_not_retry",
    };

    /// <summary>Gets the <c>webhook-id</c> of an event: its stable event id, so every retry carries the same one.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The id, for example <c>evt_3f2c…</c> (32 hex digits, no '.').</returns>
    public static string MessageIdFor(PaymentEvent paymentEvent)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        return "evt_" + paymentEvent.EventId.ToString("N");
    }
}
