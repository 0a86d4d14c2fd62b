using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Assertions;
using PaymentCore.Transactions;

namespace PaymentCore.Testing.Tests;

public sealed class PaymentInvariantsTests
{
    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        MerchantId = "m",
        Amount = Money.FromMajor(10m, Currency.EUR),
        Payer = TestInstruments.Approves,
        Payee = "payee",
    };

    private static async Task<(InMemoryAuthorizer Issuer, InMemoryTransactionStore Store, PaymentProcessor Processor)> RunAsync()
    {
        var issuer = new InMemoryAuthorizer();
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], issuer, store, null, new FakeTimeProvider());
        await processor.ProcessAsync(Request("a"));
        await processor.ProcessAsync(Request("b") with { CaptureMode = CaptureMode.Manual });
        return (issuer, store, processor);
    }

    [Fact]
    public async Task AssertLedgerAgrees_CorrectRun_Passes()
    {
        var (issuer, store, _) = await RunAsync();

        PaymentInvariants.AssertLedgerAgrees(issuer, store.Snapshot());
    }

    [Fact]
    public async Task AssertLedgerAgrees_RecordSaysMoreCapturedThanIssuer_Fails()
    {
        var (issuer, store, _) = await RunAsync();
        var records = store.Snapshot().Select(r => r.Status == TransactionStatus.Captured ? r with { Refunded = Money.FromMajor(1m, Currency.EUR) } : r).ToList();

        var ex = Assert.Throws<PaymentInvariantException>(() => PaymentInvariants.AssertLedgerAgrees(issuer, records));

        Assert.Contains("refunded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertLedgerAgrees_HoldWithoutRecord_FailsAsMoneyMovedWithoutRecord()
    {
        var (issuer, store, _) = await RunAsync();
        var records = store.Snapshot().Where(r => r.Status != TransactionStatus.Authorized).ToList();

        var ex = Assert.Throws<PaymentInvariantException>(() => PaymentInvariants.AssertLedgerAgrees(issuer, records));

        Assert.Contains("no record knows of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertLedgerAgrees_IssuerSawAnInvalidCapture_Fails()
    {
        var (issuer, store, _) = await RunAsync();
        var captured = store.Snapshot().Single(r => r.Status == TransactionStatus.Captured);
        await issuer.CaptureAsync(new AuthorizerRequest(AuthorizerOperation.Capture, captured.Id, "a-again", captured.Amount, captured.Request with { MerchantId = "m" }, captured.AuthorizationCode));

        var ex = Assert.Throws<PaymentInvariantException>(() => PaymentInvariants.AssertLedgerAgrees(issuer, store.Snapshot()));

        Assert.Contains("capture", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertConsistent_CapturedAboveAuthorized_Fails()
    {
        var (_, store, _) = await RunAsync();
        var record = store.Snapshot().Single(r => r.Status == TransactionStatus.Captured);

        var ex = Assert.Throws<PaymentInvariantException>(() => PaymentInvariants.AssertConsistent(record with { Captured = record.Authorized + Money.FromMinor(1, Currency.EUR) }));

        Assert.Contains("captured", ex.Message, StringComparison.Ordinal);
    }
}
