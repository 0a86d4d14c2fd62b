using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.DataProtection;

// Issue 12: ToString() of records, results, requests and events printed every field, and the status-query
// warning logged the idempotency key. Here every caller-filled field holds a marker (and, for records written
// before validation existed, a whole PAN): none may show whole.
public sealed class RedactionTests
{
    private const string Pan = "4242424242424242";

    // Built without validation, as a record written by an older version could be.
    private static readonly PaymentRequest Leaky = new()
    {
        IdempotencyKey = "key-" + Pan,
        MerchantId = "merchant-" + Pan,
        Amount = Money.FromMajor(10m, Currency.USD),
        Payer = PaymentInstrument.Account("DE89370400440532013000-" + Pan),
        Payee = "payee-" + Pan,
        Description = "description " + Pan,
        Metadata = new Dictionary<string, string> { ["meta-key-" + Pan] = "meta-value-" + Pan, ["cvv"] = "737" },
    };

    private static readonly string[] Secrets = [Pan, "key-", "merchant-", "payee-", "description", "meta-key", "meta-value", "737", "DE89370400440532013000"];

    private static void AssertRedacted(string text)
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private static TransactionRecord Record()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var received = PaymentStateMachine.Received(TransactionId.For(Leaky.MerchantId, Leaky.IdempotencyKey), Leaky, Money.Zero(Currency.USD), now);
        return received with { Pending = new PendingOperation(AuthorizerOperation.Refund, "refund-key-" + Pan, Leaky.Amount, now, OutcomeUnknown: true) };
    }

    [Fact]
    public void ToString_Request_MasksKeysPartiesAndShowsOnlySizes()
    {
        var text = Leaky.ToString();

        AssertRedacted(text);
        Assert.Contains("IdempotencyKey = ****4242", text, StringComparison.Ordinal);
        Assert.Contains("Description = [" + Leaky.Description!.Length + " chars]", text, StringComparison.Ordinal);
        Assert.Contains("Metadata = [2 entries]", text, StringComparison.Ordinal);
        Assert.Contains("Amount = " + Leaky.Amount, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_RecordResultAndEvent_NeverShowCallerText()
    {
        var record = Record();

        AssertRedacted(record.ToString());
        AssertRedacted(new PaymentResult(record, PaymentOperation.Process, PaymentOutcome.Approved, replayed: false).ToString());
        AssertRedacted(PaymentEvent.For(record).ToString());
        Assert.Contains(record.Id.ToString(), record.ToString(), StringComparison.Ordinal);
        Assert.Contains("Pending = Refund ****4242", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_CardInstrument_ShowsBrandFirstSixLastFourAndMaskedToken()
    {
        var text = PaymentInstrument.Card("tok_secret_token", "visa", "424242", "4242").ToString();

        Assert.Equal("PaymentInstrument { Kind = Card, Token = ****oken, Brand = visa, First6 = 424242, Last4 = 4242 }", text);
    }

    [Theory]
    [InlineData(null, "null")]
    [InlineData("", "****")]
    [InlineData("abcd", "****")]
    [InlineData("abcde", "****bcde")]
    public void Mask_Value_ShowsAtMostTheLastFour(string? value, string expected) =>
        Assert.Equal(expected, Redaction.Mask(value));

    [Fact]
    public void Mask_LastFourHoldABrokenSurrogate_ShowsNothing() =>
        // Half a surrogate pair in a log line breaks UTF-8 sinks: mask it whole.
        Assert.Equal("****", Redaction.Mask("ab\ud800cd"));

    [Fact]
    public void TransactionIdParse_CallerText_IsMaskedInTheError()
    {
        var ex = Assert.Throws<FormatException>(() => TransactionId.Parse("txn_" + Pan));

        Assert.DoesNotContain(Pan, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdempotencyConflictException_Message_MasksTheKey()
    {
        var ex = new IdempotencyConflictException(TransactionId.For("m", "k"), "order-" + Pan, ["Amount"]);

        Assert.DoesNotContain(Pan, ex.Message, StringComparison.Ordinal);
        Assert.Contains("****4242", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverAsync_StatusQueryThrows_LogsTheTransactionIdNotTheKey()
    {
        // The audit's log leak: an authorizer whose status query throws made the processor log the raw key.
        var time = new FastForwardTimeProvider();
        var logger = new CapturingLogger();
        var store = new InMemoryTransactionStore();
        var authorizer = new ThrowingAuthorizer();
        var processor = new PaymentProcessor([], authorizer, store, Options.Create(new PaymentProcessorOptions()), time, logger);
        var request = PaymentFixture.Request(key: "order-secret-1001");

        var result = await processor.ProcessAsync(request);
        time.Advance(TimeSpan.FromHours(1));
        await processor.RecoverAsync();

        Assert.Equal(PaymentOutcome.Pending, result.Outcome);
        // The status-query warning names the transaction id, never the caller's key (not even masked).
        Assert.Contains(logger.Lines, l => l.Contains("status query", StringComparison.Ordinal) && l.Contains(result.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("order-secret", StringComparison.Ordinal));
    }

    private sealed class ThrowingAuthorizer : IAuthorizer
    {
        public string Name => "throwing";

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => throw new TimeoutException("no answer");

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => throw new TimeoutException("no answer");

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => throw new TimeoutException("no answer");

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => throw new TimeoutException("no answer");

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => throw new TimeoutException("no answer");
    }

    internal sealed class CapturingLogger : ILogger<PaymentProcessor>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The formatted line and every structured value, as a log sink would keep them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            _lines.Enqueue($"{logLevel} {formatter(state, exception)} {values} {exception?.Message}");
        }
    }
}
