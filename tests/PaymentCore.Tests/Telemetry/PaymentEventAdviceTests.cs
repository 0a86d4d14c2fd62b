using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Telemetry;

public sealed class PaymentEventAdviceTests
{
    private readonly FakeTimeProvider _time = new(TelemetryHarness.Start);

    [Theory]
    [InlineData("tok_insufficient_funds", DeclineAdvice.UseAnotherInstrument)]
    [InlineData("tok_stolen", DeclineAdvice.DoNotRetry)]
    public async Task DeclineEvent_CarriesTheAdviceAndThePayerMessage_OfTheDecline(string token, DeclineAdvice expected)
    {
        var store = new InMemoryTransactionStore();
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: _time);
        var payer = token == "tok_stolen" ? TestInstruments.Stolen : TestInstruments.InsufficientFunds;

        var result = await processor.ProcessAsync(TelemetryHarness.Request("order-1", payer));

        var events = await EventsAsync(store);
        var declined = Assert.Single(events, e => e.Type == "payment.declined");
        Assert.Equal(expected, result.Decline!.Advice);
        Assert.Equal(expected, declined.Advice);
        Assert.Equal(result.Decline.PayerMessage ?? DeclineCodes.PayerMessageFor(expected), declined.PayerMessage);
        Assert.All(events.Where(e => e.Type != "payment.declined"), e => Assert.Null(e.Advice));
    }

    [Fact]
    public async Task ApprovedEvents_CarryNoAdvice()
    {
        var store = new InMemoryTransactionStore();
        await new PaymentProcessor([], new InMemoryAuthorizer(), store, timeProvider: _time).ProcessAsync(TelemetryHarness.Request("order-1"));

        var events = await EventsAsync(store);

        Assert.Contains(events, e => e.Type == "payment.captured");
        Assert.All(events, e => Assert.Null(e.Advice));
        Assert.All(events, e => Assert.Null(e.PayerMessage));
    }

    [Fact]
    public void FailedEvent_CarriesTheAdviceOfItsCode()
    {
        var failed = new StateChange(2, TransactionStatus.Received, TransactionStatus.Failed, Money.FromMajor(1m, Currency.USD), TelemetryHarness.Start, Reason: "capture_refused:" + DeclineCodes.InsufficientFunds);
        var received = TestRecords.Received("order-1", TelemetryHarness.Start);
        var record = received with { Status = TransactionStatus.Failed, Version = 2, History = [received.History[0], failed] };

        var paymentEvent = PaymentEvent.For(record);

        Assert.Equal(DeclineAdvice.UseAnotherInstrument, paymentEvent.Advice);
        Assert.Equal(DeclineCodes.PayerMessageFor(DeclineAdvice.UseAnotherInstrument), paymentEvent.PayerMessage);
    }

    private async Task<IReadOnlyList<PaymentEvent>> EventsAsync(InMemoryTransactionStore store) =>
        [.. (await store.ClaimEventsAsync(100, _time.GetUtcNow(), TimeSpan.FromMinutes(1))).Select(m => m.Event)];
}
