using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;

namespace PaymentCore.Tests.Processing;

/// <summary>A processor on in-memory parts with a fake clock, and request builders.</summary>
internal sealed class PaymentFixture
{
    public PaymentFixture(IEnumerable<IPaymentRule>? rules = null, Func<InMemoryAuthorizer, IAuthorizer>? wrap = null, InMemoryAuthorizer? issuer = null)
    {
        Issuer = issuer ?? new InMemoryAuthorizer();
        Authorizer = wrap?.Invoke(Issuer) ?? Issuer;
        Processor = new PaymentProcessor(rules ?? [], Authorizer, Store, null, Time);
        Dispatcher = new global::PaymentCore.Outbox.OutboxDispatcher(Store, [Notifier], null, Time);
    }

    /// <summary>Gets the dispatcher that delivers the outbox to <see cref="Notifier"/>: events leave the payment path, so tests dispatch.</summary>
    public global::PaymentCore.Outbox.OutboxDispatcher Dispatcher { get; }

    // Retries back off by default: let their waits pass at once.
    public FastForwardTimeProvider Time { get; } = new();

    public InMemoryAuthorizer Issuer { get; }

    public IAuthorizer Authorizer { get; }

    public InMemoryTransactionStore Store { get; } = new();

    public InMemoryNotifier Notifier { get; } = new();

    public PaymentProcessor Processor { get; }

    public static PaymentRequest Request(string key = "order-1", Money? amount = null, PaymentInstrument? payer = null, CaptureMode mode = CaptureMode.Automatic) => new()
    {
        IdempotencyKey = key,
        MerchantId = "merchant-1",
        Amount = amount ?? Money.FromMajor(10.05m, Currency.USD),
        Payer = payer ?? TestInstruments.Approves,
        Payee = "acct_merchant_1",
        CaptureMode = mode,
        Description = "Two coffees",
    };
}
