namespace PaymentCore;

/// <summary>The idempotency keys the processor sends to an authorizer.</summary>
internal static class AuthorizerKeys
{
    /// <summary>
    /// The key a refund is sent with: the caller's refund key scoped to its transaction. Refund keys are unique
    /// per payment (two orders may both have a refund "r1"), but authorizers, like real gateways, deduplicate by
    /// merchant and key: without the scope, the second payment's "r1" would be answered with the first one's
    /// outcome and recorded as refunded while no money moved. Recovery must query refunds with this key too.
    /// </summary>
    /// <param name="id">The payment's transaction id.</param>
    /// <param name="refundKey">The caller's refund key.</param>
    /// <returns>The transaction-scoped key, at most 37 + 255 characters.</returns>
    public static string Refund(TransactionId id, string refundKey) => $"{id}:{refundKey}";
}
