using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Testing.Storage;

/// <summary>Builds transaction records for store tests and benchmarks without going through a processor.</summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
public static class TestRecords
{
    /// <summary>Builds a record just received: version 1, nothing authorized, one history entry.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="createdAt">The creation time.</param>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="payerToken">The payer token.</param>
    /// <param name="amount">The amount; 10.05 USD when <see langword="null"/>.</param>
    /// <returns>The record.</returns>
    public static TransactionRecord Received(string key, DateTimeOffset createdAt, string merchantId = "merchant-1", string payerToken = "tok_payer_1", Money? amount = null)
    {
        var money = amount ?? Money.FromMinor(1005, Currency.USD);
        var request = new PaymentRequest
        {
            IdempotencyKey = key,
            MerchantId = merchantId,
            Amount = money,
            Payer = PaymentInstrument.Card(payerToken, "visa", "424242", "4242"),
            Payee = "acct_" + merchantId,
        };
        return PaymentStateMachine.Received(TransactionId.For(merchantId, key), request, Money.Zero(money.Currency), createdAt);
    }
}
