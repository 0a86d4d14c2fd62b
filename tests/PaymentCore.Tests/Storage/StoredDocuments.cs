using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Tests.Docs;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Storage;

/// <summary>
/// The records and events whose documents, written by the hand-written codec of format 1 (before the move to
/// System.Text.Json), are committed under Storage/Fixtures. Built deterministically, so a test can rebuild each one
/// and compare it with what the codec reads from its fixture: records already in users' databases must keep reading.
/// Do not change a record here without rewriting its fixture with the codec that wrote it; add new ones instead.
/// </summary>
internal static class StoredDocuments
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    public static IReadOnlyList<(string Name, TransactionRecord Record)> Records()
    {
        var usd = Money.FromMinor(10_05, Currency.USD);
        var kwd = Money.FromMinor(12_345, Currency.KWD);
        var jpy = Money.FromMinor(9_007_199_254_740_993, Currency.JPY);

        var received = Received("order-received", usd, T0, CaptureMode.Automatic, "Order #1 \"quoted\" ü €", new Dictionary<string, string> { ["order"] = "1", ["ü-key"] = "\"x\"\n\ty", ["empty"] = "" });
        var inFlight = PaymentStateMachine.WithPending(received, new PendingOperation(AuthorizerOperation.Authorize, "order-received", usd, T0.AddSeconds(1), OutcomeUnknown: false), T0.AddSeconds(1));
        var unknown = PaymentStateMachine.WithPending(inFlight, inFlight.Pending! with { OutcomeUnknown = true }, T0.AddSeconds(2));

        var manual = Received("order-manual", kwd, T0.ToOffset(TimeSpan.FromMinutes(330)), CaptureMode.Manual, null, new Dictionary<string, string>());
        var authorized = PaymentStateMachine.Authorize(manual, "issuer-a", "A1B2C3", T0.AddMinutes(1));
        var capturePending = PaymentStateMachine.WithPending(authorized, new PendingOperation(AuthorizerOperation.Capture, "order-manual:capture", Money.FromMinor(10_000, Currency.KWD), T0.AddMinutes(2), OutcomeUnknown: true), T0.AddMinutes(2));
        var captured = PaymentStateMachine.Capture(capturePending, Money.FromMinor(10_000, Currency.KWD), T0.AddMinutes(3));
        var partially = PaymentStateMachine.Refund(captured, Money.FromMinor(1, Currency.KWD), "refund-1", T0.AddMinutes(4).ToOffset(TimeSpan.FromHours(-5)));
        partially = PaymentStateMachine.Refund(partially, Money.FromMinor(999, Currency.KWD), "refund-2", T0.AddMinutes(5));
        var refundPending = PaymentStateMachine.WithPending(partially, new PendingOperation(AuthorizerOperation.Refund, "refund-3", Money.FromMinor(9_000, Currency.KWD), T0.AddMinutes(6), OutcomeUnknown: false), T0.AddMinutes(6));
        var refunded = PaymentStateMachine.Refund(refundPending, Money.FromMinor(9_000, Currency.KWD), "refund-3", T0.AddMinutes(7));

        var toVoid = PaymentStateMachine.Authorize(Received("order-void", usd, T0, CaptureMode.Manual, "to be voided", null), "issuer-b", null, T0.AddSeconds(10));
        var voidPending = PaymentStateMachine.WithPending(toVoid, new PendingOperation(AuthorizerOperation.Void, "order-void:void", usd, T0.AddSeconds(11), OutcomeUnknown: true), T0.AddSeconds(11));
        var voided = PaymentStateMachine.Void(voidPending, T0.AddSeconds(12), "customer_cancelled");

        var declinedByRule = PaymentStateMachine.DeclinedByRule(
            TransactionId.For("merchant-1", "order-rule"),
            Request("order-rule", usd, CaptureMode.Automatic, null, null),
            new DeclineInfo(DeclineCodes.VelocityCountExceeded, "velocity", "Too many payments from this payer in the last hour."),
            T0);
        var declinedByIssuer = PaymentStateMachine.Decline(
            PaymentStateMachine.WithPending(Received("order-issuer", jpy, T0, CaptureMode.Automatic, null, null), new PendingOperation(AuthorizerOperation.Authorize, "order-issuer", jpy, T0, OutcomeUnknown: false), T0),
            new DeclineInfo(DeclineCodes.InsufficientFunds, "issuer-a", "The issuer declined: insufficient funds."),
            T0.AddSeconds(1));
        var failed = PaymentStateMachine.Fail(Received("order-failed", usd, T0, CaptureMode.Automatic, null, null), "authorizer_unavailable", T0.AddSeconds(30));

        var account = PaymentStateMachine.Received(
            TransactionId.For("merchant-2", "payout-1"),
            new PaymentRequest
            {
                IdempotencyKey = "payout-1",
                MerchantId = "merchant-2",
                Amount = Money.FromMinor(1, Currency.BHD),
                Payer = PaymentInstrument.Account("DE89370400440532013000"),
                Payee = "GB29NWBK60161331926819",
            },
            Money.FromMinor(1, Currency.BHD),
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromMinutes(-570)).AddTicks(1234567));

        return
        [
            ("received", received),
            ("received-authorize-in-flight", inFlight),
            ("received-authorize-outcome-unknown", unknown),
            ("authorized-manual", authorized),
            ("authorized-capture-pending", capturePending),
            ("captured", captured),
            ("partially-refunded", partially),
            ("partially-refunded-refund-pending", refundPending),
            ("refunded", refunded),
            ("authorized-void-pending", voidPending),
            ("voided", voided),
            ("declined-by-rule", declinedByRule),
            ("declined-by-issuer", declinedByIssuer),
            ("failed", failed),
            ("received-account-payer", account),
        ];
    }

    public static IReadOnlyList<(string Name, PaymentEvent Event)> Events() =>
        Records()
            .Where(r => r.Name is "received" or "refunded" or "voided" or "declined-by-rule" or "failed")
            .Select(r => ("event-" + r.Name, PaymentEvent.For(r.Record)))
            .ToList();

    public static string FixturePath(string name) =>
        Path.Combine(PaymentCore.Tests.Docs.ReadmeTests.RepositoryRoot(), "tests", "PaymentCore.Tests", "Storage", "Fixtures", name + ".json");

    private static TransactionRecord Received(string key, Money amount, DateTimeOffset at, CaptureMode mode, string? description, IReadOnlyDictionary<string, string>? metadata) =>
        PaymentStateMachine.Received(TransactionId.For("merchant-1", key), Request(key, amount, mode, description, metadata), Money.FromMinor(amount.MinorUnits / 100, amount.Currency), at);

    private static PaymentRequest Request(string key, Money amount, CaptureMode mode, string? description, IReadOnlyDictionary<string, string>? metadata)
    {
        var request = new PaymentRequest
        {
            IdempotencyKey = key,
            MerchantId = "merchant-1",
            Amount = amount,
            Payer = PaymentInstrument.Card("tok_" + key, "visa", "424242", "4242"),
            Payee = "acct_merchant-1",
            CaptureMode = mode,
            Description = description,
        };
        return metadata is null ? request : request with { Metadata = metadata };
    }

    /// <summary>A record as a format-1 document holds it: without the members issue 9 added.</summary>
    public static TransactionRecord AsFormat1(TransactionRecord record) => record with
    {
        CaptureOpen = false,
        Operations = 0,
        DueAt = null,
        Decline = record.Decline is { } d ? new DeclineInfo(d.Code, d.DeclinedBy, d.Message) : null,
        Pending = record.Pending is { } p ? new PendingOperation(p.Operation, p.OperationKey, p.Amount, p.Since, p.OutcomeUnknown) : null,
        History = [.. record.History.Select(h => h with { Operation = null, Reference = null, Refused = false })],
    };

    /// <summary>An event as a format-1 document holds it: without its operation, refusal, advice and trace context (issue 14).</summary>
    public static global::PaymentCore.Notifications.PaymentEvent AsFormat1(global::PaymentCore.Notifications.PaymentEvent paymentEvent) =>
        paymentEvent with { Operation = null, Refused = false, Advice = null, PayerMessage = null, TraceParent = null, MerchantRoute = null };
}
