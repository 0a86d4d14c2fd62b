using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;

namespace PaymentCore.Tests.Telemetry;

public sealed class PaymentCoreLogTests
{
    // Real test card numbers (Visa, Mastercard, Amex, Discover), as a careless caller would pass them around.
    private static readonly string[] Pans = ["4242424242424242", "4000000000009995", "5555555555554444", "378282246310005", "6011111111111117"];

    [Fact]
    public async Task ARunWithRealTestCardNumbers_LogsNoCardNumber_AndEveryLineHasAnEventId()
    {
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var time = new FakeTimeProvider(TelemetryHarness.Start);
        var store = new InMemoryTransactionStore();
        byte[] tokenKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        // A fixed id secret: the lines quote transaction ids, and about one random id in 470 holds a run of digits
        // that passes the card detector's Luhn check. With the per-process secret the test failed now and then.
        var processor = new PaymentProcessor([], [new LeakyAuthorizer(), new InMemoryAuthorizer()], store, timeProvider: time, logger: factory.CreateLogger<PaymentProcessor>(), transactionIds: PaymentCore.Testing.Transactions.TestTransactionIds.Options());

        foreach (var (pan, i) in Pans.Select((p, i) => (p, i)))
        {
            var card = PaymentInstrument.FromCardNumber(pan, "visa", tokenKey);
            await processor.ProcessAsync(TelemetryHarness.Request($"order-{i}", card));
            // The same number where it does not belong: refused by validation, and never logged.
            await Assert.ThrowsAsync<PaymentValidationException>(async () => await processor.ProcessAsync(TelemetryHarness.Request($"order-bad-{i}") with { Payee = pan }));
            await Assert.ThrowsAsync<PaymentValidationException>(async () => await processor.ProcessAsync(TelemetryHarness.Request($"card {pan}")));
        }

        time.Advance(TimeSpan.FromHours(1));
        await processor.RecoverAsync();
        var dispatcher = new OutboxDispatcher(store, [new LeakyNotifier()], Options.Create(new OutboxOptions { MaxAttempts = 1 }), time, factory.CreateLogger<OutboxDispatcher>());
        await dispatcher.DispatchAsync();

        var lines = logs.GetSnapshot();
        Assert.True(lines.Count > 20, $"only {lines.Count} lines were logged");
        Assert.Contains(lines, l => l.Id.Id == 2001); // the leaky authorizer threw, quoting the card
        Assert.Contains(lines, l => l.Id.Id == 3001); // the leaky notifier failed, quoting the card
        Assert.Contains(lines, l => l.Id.Id == 3002); // and its events were dead-lettered
        foreach (var line in lines)
        {
            var text = line.Message + " " + string.Join(" ", line.StructuredState?.Select(kv => kv.Value) ?? []) + " " + line.Exception;
            Assert.False(CardDataDetector.ContainsCardNumber(text), $"event {line.Id} logged a card number: {line.Message}");
            Assert.All(Pans, pan => Assert.DoesNotContain(pan, text, StringComparison.Ordinal));
            Assert.NotEqual(0, line.Id.Id);
        }
    }

    /// <summary>An authorizer whose first answer is an exception quoting the card, as a careless gateway client's might.</summary>
    private sealed class LeakyAuthorizer : IAuthorizer
    {
        public string Name => "leaky";

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"gateway said: card {Pans[0]} cvv 123 refused");

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => AuthorizeAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => AuthorizeAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => AuthorizeAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"lookup of {Pans[1]} failed");
    }

    private sealed class LeakyNotifier : INotifier
    {
        public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"receiver rejected card {Pans[2]}");
    }
}
