using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks.StoreWrites;

/// <summary>
/// The three records an approved payment with automatic capture writes, built by the code the processor uses
/// (<see cref="PaymentStateMachine"/>, then <see cref="TransactionWriter"/> for the store side): Received with its
/// event; Authorized with the capture's intent in the same write, with its event; Captured, with its event.
/// </summary>
/// <remarks>
/// The raw baselines get the same rows from <see cref="Writes"/>: each record stamped with its recovery due time and
/// its event made as <see cref="TransactionWriter"/> makes them, so both sides store identical columns and documents.
/// Thread-safe: stateless.
/// </remarks>
public static class WholePayment
{
    /// <summary>Store commits per payment: one per write.</summary>
    public const int Writes = 3;

    private static readonly Money Amount = Money.FromMinor(1_005, Currency.USD);
    private static readonly Money Fee = Money.FromMinor(59, Currency.USD);

    /// <summary>Gets the options the processor runs with here: the defaults, auditing off (the raw side writes no audit entries).</summary>
    internal static PaymentProcessorOptions Unaudited { get; } = new() { Audit = false };

    /// <summary>Gets the processor's default options: each change also appends its audit entry in the same transaction.</summary>
    internal static PaymentProcessorOptions Audited { get; } = new();

    /// <summary>Writes one payment's three changes through the processor's writer, as <see cref="PaymentProcessor"/> does when every answer is an approval.</summary>
    /// <param name="writer">The writer over the store under test.</param>
    /// <param name="key">The payment's idempotency key (unique).</param>
    /// <param name="now">The time of the changes.</param>
    /// <returns>A task that completes when the third write is durable.</returns>
    internal static async ValueTask WriteAsync(TransactionWriter writer, string key, DateTimeOffset now)
    {
        var received = Received(key, now);
        if (await writer.CreateAsync(received, CancellationToken.None) is not null)
        {
            throw new InvalidOperationException($"{key} already exists: every payment of the benchmark must be new.");
        }

        var authorized = await writer.SaveAsync(received, Authorize(received, now));
        await writer.SaveAsync(authorized, Capture(authorized, now));
    }

    /// <summary>The same three changes as <see cref="WriteAsync"/>, as the rows the store would write: stamped records and their events.</summary>
    /// <param name="key">The payment's idempotency key (unique).</param>
    /// <param name="now">The time of the changes.</param>
    /// <returns>Received, Authorized (with the capture's intent), Captured, each with its event.</returns>
    public static (TransactionRecord Record, PaymentEvent Event)[] Rows(string key, DateTimeOffset now)
    {
        var received = Stamp(Received(key, now));
        var authorized = Stamp(Authorize(received, now));
        var captured = Stamp(Capture(authorized, now));
        return [(received, PaymentEvent.For(received)), (authorized, PaymentEvent.For(authorized)), (captured, PaymentEvent.For(captured))];
    }

    /// <summary>The first write only (the batch benchmarks): the stamped Received record and its event.</summary>
    /// <param name="key">The payment's idempotency key (unique).</param>
    /// <param name="now">The creation time.</param>
    /// <returns>The record and its event.</returns>
    public static (TransactionRecord Record, PaymentEvent Event) Created(string key, DateTimeOffset now)
    {
        var received = Stamp(Received(key, now));
        return (received, PaymentEvent.For(received));
    }

    private static TransactionRecord Received(string key, DateTimeOffset now) =>
        TestRecords.Received(key, now, "merchant-1", "tok_bench", Amount) with { Fee = Fee };

    // OperationRunner.AuthorizedAsync: the authorization and the automatic capture's intent in one write.
    private static TransactionRecord Authorize(TransactionRecord received, DateTimeOffset now)
    {
        var authorized = PaymentStateMachine.Authorize(received, "issuer", "A1B2C3", "auth-ref", now);
        return PaymentStateMachine.Begin(authorized, new PendingOperation(AuthorizerOperation.Capture, null, authorized.Authorized, now, false, Automatic: true), now, sameWrite: true);
    }

    // OperationRunner.CapturedAsync: the capture the intent named, approved.
    private static TransactionRecord Capture(TransactionRecord authorized, DateTimeOffset now)
    {
        var pending = authorized.Pending!;
        return PaymentStateMachine.Capture(authorized, pending.Amount, pending.FinalCapture, pending.OperationKey, "capture-ref", authorized.Fee, now);
    }

    // What TransactionWriter.Stamp does before every write.
    private static TransactionRecord Stamp(TransactionRecord record) => record with { DueAt = RecoverySchedule.DueAt(record, Unaudited) };
}
