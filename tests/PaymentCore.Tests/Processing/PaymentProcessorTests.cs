using PaymentCore.Authorization;
using PaymentCore.Rules;
using PaymentCore.Testing;

namespace PaymentCore.Tests;

public sealed class PaymentProcessorTests
{
    [Fact]
    public async Task ProcessAsync_AutomaticCapture_CapturesFullAmountAndTellsEveryChange()
    {
        var f = new PaymentFixture();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(TransactionStatus.Captured, result.Status);
        Assert.Equal(Money.FromMajor(10.05m, Currency.USD), result.Transaction.Captured);
        Assert.Equal([TransactionStatus.Received, TransactionStatus.Authorized, TransactionStatus.Captured], result.Transaction.History.Select(h => h.To));
        Assert.Equal([TransactionStatus.Received, TransactionStatus.Authorized, TransactionStatus.Captured], f.Notifier.EventsFor(result.Id).Select(e => e.To));
        Assert.Equal(0, f.Store.UndeliveredCount);
        Assert.Equal(Money.FromMajor(10.05m, Currency.USD), f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
        PaymentInvariants.AssertLedgerAgrees(f.Issuer, f.Store.Snapshot());
    }
}
