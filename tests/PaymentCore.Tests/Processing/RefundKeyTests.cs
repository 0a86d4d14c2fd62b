using PaymentCore.Monetary;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

public sealed class RefundKeyTests
{
    // Regression, issue 3 (found by Property11_LedgerAgreement): two payments of one merchant each refunded with
    // the key "r1". The authorizer deduplicates by merchant and key, so it answered the second refund with the
    // first one's outcome: the second record said Refunded while the issuer had refunded nothing.
    [Fact]
    public async Task RefundAsync_Issue3_SameRefundKeyOnTwoPayments_RefundsBothAtTheIssuer()
    {
        var f = new PaymentFixture();
        var first = await f.Processor.ProcessAsync(PaymentFixture.Request("order-1"));
        var second = await f.Processor.ProcessAsync(PaymentFixture.Request("order-2"));

        var r1 = await f.Processor.RefundAsync("merchant-1", first.Id, first.Transaction.Captured, "r1");
        var r2 = await f.Processor.RefundAsync("merchant-1", second.Id, second.Transaction.Captured, "r1");

        Assert.Equal(TransactionStatus.Refunded, r1.Status);
        Assert.Equal(TransactionStatus.Refunded, r2.Status);
        Assert.Equal(second.Transaction.Captured, f.Issuer.GetHold("merchant-1", "order-2")!.Refunded);
        Assert.Equal(Money.Zero(Currency.USD), f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
        PaymentInvariants.AssertLedgerAgrees(f.Issuer, f.Store.Snapshot());
    }
}
