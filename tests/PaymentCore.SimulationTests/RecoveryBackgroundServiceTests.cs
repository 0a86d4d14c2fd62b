using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Storage;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests;

public sealed class RecoveryBackgroundServiceTests
{
    [Fact]
    public async Task ExecuteAsync_EveryInterval_RecoversStuckPayments()
    {
        var time = new FakeTimeProvider();
        var issuer = new InMemoryAuthorizer();
        var store = new InMemoryTransactionStore();
        var scripted = new ScriptedAuthorizer(issuer).Then(AuthorizerOperation.Capture, ScriptStep.Unreachable);
        var options = new PaymentProcessorOptions();
        options.Capture.MaxAttempts = 1;
        var processor = new PaymentProcessor([], scripted, store, Microsoft.Extensions.Options.Options.Create(options), time);
        var paid = await processor.ProcessAsync(new PaymentRequest
        {
            IdempotencyKey = "order-1",
            MerchantId = "merchant-1",
            Amount = Money.FromMinor(1000, Currency.EUR),
            Payer = TestInstruments.Approves,
            Payee = "acct_shop",
        });
        Assert.NotNull(paid.Transaction.Pending); // capture not sent: left for recovery

        using var service = new RecoveryBackgroundService(processor, time) { Interval = TimeSpan.FromMinutes(1) };
        var passes = new TaskCompletionSource<RecoverySummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.PassCompleted += s =>
        {
            if (s.Examined > 0)
            {
                passes.TrySetResult(s);
            }
        };
        await service.StartAsync(CancellationToken.None);
        // Pump the fake clock a minute at a time until a pass has taken the payment up (after RecoverAfter).
        for (var i = 0; i < 1000 && !passes.Task.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(5);
        }

        var summary = await passes.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a hang guard, not a timing assertion
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, summary.Captured);
        Assert.Equal(TransactionStatus.Captured, (await processor.GetAsync("merchant-1", paid.Id))!.Status);
    }
}
