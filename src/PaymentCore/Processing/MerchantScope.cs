using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// The one place that decides whether a merchant may see a payment: only the merchant that took it. Any other answer
/// is "not found", with the same exception and message as an unknown id, so a caller who guesses ids or keys learns
/// nothing about other merchants' payments (issue 12).
/// </summary>
internal static class MerchantScope
{
    /// <summary>Returns <paramref name="record"/> when <paramref name="merchantId"/> took it, otherwise <see langword="null"/>.</summary>
    public static TransactionRecord? Visible(TransactionRecord? record, string merchantId) =>
        record is not null && string.Equals(record.Request.MerchantId, merchantId, StringComparison.Ordinal) ? record : null;

    /// <summary>Returns <paramref name="record"/> when <paramref name="merchantId"/> took it; otherwise throws as for an unknown id.</summary>
    /// <exception cref="TransactionNotFoundException">No record, or another merchant's.</exception>
    public static TransactionRecord Require(TransactionRecord? record, TransactionId id, string merchantId) =>
        Visible(record, merchantId) ?? throw new TransactionNotFoundException(id);
}
