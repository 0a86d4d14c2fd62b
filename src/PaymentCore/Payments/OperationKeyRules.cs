namespace PaymentCore.Payments;

/// <summary>Checks a caller's key for a capture or refund: the same rules as an idempotency key (the one detector, hostile text refused).</summary>
internal static class OperationKeyRules
{
    public static void Check(string? key, string field, bool required)
    {
        if (key is null && !required)
        {
            return;
        }

        PaymentRequestValidator.ValidateOperationKey(field, key);
    }
}
