// PaymentCore quick start: the README's quick-start code is this file.
// Run: dotnet run --project samples/QuickStart
using Microsoft.Extensions.DependencyInjection;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;

var services = new ServiceCollection();
services.AddPaymentCore(options => options.RecoverAfter = TimeSpan.FromMinutes(2))
    .UseInMemoryDefaults() // the simulated issuer and memory: for trying things out, never for real payments
    .AddRule(new AllowedCurrenciesRule(Currency.USD, Currency.EUR, Currency.JPY, Currency.KWD))
    .AddRule(AmountLimitRule.Maximum(Money.FromMajor(5_000m, Currency.USD), Money.FromMajor(500_000m, Currency.JPY)))
    .AddRule(FeeRule.For(Currency.USD, rate: 0.029m, fixedMinorUnits: 30)); // 2.9 % + 0.30 USD
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var processor = provider.GetRequiredService<PaymentProcessor>();

// 1. An approved payment, captured at once.
var coffee = new PaymentRequest
{
    IdempotencyKey = "order-1001",
    MerchantId = "coffee-shop",
    Amount = Money.FromMajor(10.05m, Currency.USD),
    Payer = TestInstruments.Approves,
    Payee = "acct_coffee_shop",
    Description = "Two flat whites",
};
var approved = await processor.ProcessAsync(coffee);
Print("1. Approved", approved);

// 2. A declined payment: the amount limit rule says no before any authorizer is asked.
var tooLarge = coffee with { IdempotencyKey = "order-1002", Amount = Money.FromMajor(9_999m, Currency.USD) };
var declined = await processor.ProcessAsync(tooLarge);
Print("2. Declined", declined);

// 3. Manual capture: authorize now, capture less when the goods ship (a final capture releases the rest of the hold;
//    the fee is charged on what was captured).
var preorder = coffee with { IdempotencyKey = "order-1003", Amount = Money.FromMajor(120m, Currency.USD), CaptureMode = CaptureMode.Manual };
var authorized = await processor.ProcessAsync(preorder);
Print("3. Authorized", authorized);
var captured = await processor.CaptureAsync("coffee-shop", authorized.Id, Money.FromMajor(100m, Currency.USD)); // the merchant first: another merchant's payment is not found
Print("   Captured", captured);

// 4. A partial refund, with its own idempotency key.
var refunded = await processor.RefundAsync("coffee-shop", captured.Id, Money.FromMajor(25.50m, Currency.USD), refundKey: "refund-1003-1");
Print("4. Refunded", refunded);

// 5. The same request again: the stored result comes back, nothing is charged twice.
var replayed = await processor.ProcessAsync(coffee);
Print("5. Replayed", replayed);

// 6. Events leave the payment path: each change and its event were committed together (the outbox), and the
//    dispatcher delivers them. A service runs it on a timer (PaymentCore.Hosting); here we run it once.
var delivery = await provider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
Console.WriteLine($"6. Dispatched  {delivery.Delivered} events to the notifiers; {delivery.Failed} to retry, {delivery.DeadLettered} dead-lettered:");
foreach (var e in provider.GetRequiredService<InMemoryNotifier>().DistinctEvents())
{
    Console.WriteLine($"{"",-14} {e.TransactionId} v{e.Version,-2} {e.Type}");
}

static void Print(string step, PaymentResult result)
{
    var t = result.Transaction;
    Console.WriteLine($"{step,-14} {t.Id}  {result.Operation,-8} {result.Outcome,-8} {t.Status,-17} amount {t.Amount,-14} captured {t.Captured,-13} refunded {t.Refunded,-12} fee {t.Fee}");
    if (result.Decline is { } d)
    {
        Console.WriteLine($"{"",-14} declined by '{d.DeclinedBy}': {d.Code} ({d.Message}); advice {d.Advice}: \"{d.PayerMessage}\"");
    }

    if (result.Replayed)
    {
        Console.WriteLine($"{"",-14} replayed from the idempotency record: no second authorization");
    }
}
