using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests;

/// <summary>One call a step makes: the operation, on which payment, and how to run it.</summary>
/// <param name="Operation">The operation asked for.</param>
/// <param name="Id">The payment.</param>
/// <param name="Label">For the trace.</param>
/// <param name="Run">Runs it.</param>
/// <param name="Before">The payment as the step read it before starting its calls.</param>
/// <param name="Key">A refund's or capture's own key.</param>
public sealed record Call(PaymentOperation Operation, TransactionId Id, string Label, Func<ValueTask<PaymentResult>> Run, TransactionRecord? Before, string? Key = null);

/// <summary>What a call came to: a result, or the exception the caller saw.</summary>
public sealed record CallOutcome(Call Call, PaymentResult? Result, Exception? Error);

/// <summary>
/// Honest outcomes (issue 9), checked after every window of calls on one payment against what the issuers did in
/// that window: no Approved for an operation the issuer did not perform, no Declined or Failed for one it
/// performed, and every refusal leaving the payment where its next operation can start.
/// </summary>
public static class OutcomeChecks
{
    private static readonly AuthorizerOperation[] Kinds = [AuthorizerOperation.Authorize, AuthorizerOperation.Capture, AuthorizerOperation.Void, AuthorizerOperation.Refund];

    /// <param name="outcomes">The calls of the window, all on one payment.</param>
    /// <param name="performed">What the issuers performed for that payment during the window.</param>
    /// <param name="raced">Whether recovery in another instance ran in the window (it may finish the calls' operations, or start others).</param>
    /// <param name="after">The payment as stored after the window.</param>
    /// <param name="hold">The payment's hold at the issuer that has one, after the window.</param>
    /// <param name="fee">Says what is wrong with a record's fee, or <see langword="null"/>.</param>
    public static void Check(IReadOnlyList<CallOutcome> outcomes, IReadOnlyList<Performed> performed, bool raced, TransactionRecord? after, IssuerHold? hold, Func<TransactionRecord, string?> fee)
    {
        var required = new int[Kinds.Length];
        var allowed = new int[Kinds.Length];
        var processFailed = false;
        foreach (var outcome in outcomes)
        {
            var call = outcome.Call;
            if (outcome.Result is not { } result)
            {
                // The caller saw an exception (a crash, a store fault, a refusal to start): it may have done anything it touches.
                foreach (var kind in Touches(call))
                {
                    allowed[(int)kind]++;
                }

                continue;
            }

            var record = result.Transaction;
            Require(result.Operation == call.Operation, $"{call.Label} answered for {result.Operation}");
            var feeProblem = fee(record);
            Require(feeProblem is null, $"{call.Label}: {feeProblem}");
            if (result.Replayed)
            {
                if (result.Outcome == PaymentOutcome.Approved)
                {
                    RequireRecorded(call, record, replayed: true);
                }

                continue;
            }

            switch (result.Outcome)
            {
                case PaymentOutcome.Approved:
                    foreach (var kind in Requires(call, record))
                    {
                        required[(int)kind]++;
                        allowed[(int)kind]++;
                    }

                    RequireRecorded(call, record, replayed: false);
                    break;
                case PaymentOutcome.Pending:
                    foreach (var kind in Touches(call))
                    {
                        allowed[(int)kind]++;
                    }

                    Require(record.Pending is not null || record.Status == TransactionStatus.Received || record is { Status: TransactionStatus.RequiresAction, StepUp.Satisfied: true }, $"{call.Label} is Pending ({result.PendingReason}) but the record has nothing in flight");
                    break;
                case PaymentOutcome.RequiresAction:
                    // Waiting for the payer: nothing may have been authorized for it in the window.
                    Require(record is { Status: TransactionStatus.RequiresAction, StepUp.Satisfied: false }, $"{call.Label} is RequiresAction but the payment is {record.Status}");
                    Require(result.NextAction is not null, $"{call.Label} is RequiresAction with no next action");
                    break;
                case PaymentOutcome.Declined when call.Operation is PaymentOperation.Process or PaymentOperation.ConfirmStepUp:
                    Require(record.Status == TransactionStatus.Declined, $"{call.Label} is Declined but the payment is {record.Status}");
                    break;
                case PaymentOutcome.Declined:
                    // A refusal ends the attempt: nothing in flight, the refusal recorded, the payment where the
                    // documented next operation can start (capture or void again; refund again).
                    var last = record.History[^1];
                    Require(record.Pending is null, $"{call.Label} is Declined but {record.Pending?.Operation} is still in flight");
                    Require(last is { Refused: true } && last.Operation == KindOf(call.Operation) && last.From == last.To, $"{call.Label} is Declined but the last history entry is {Describe(last)}");
                    Require(result.Decline is not null, $"{call.Label} is Declined with no decline");
                    Require(
                        call.Operation == PaymentOperation.Refund
                            ? record.Status is TransactionStatus.Captured or TransactionStatus.PartiallyRefunded && record.Refundable.IsPositive
                            : record.Status == TransactionStatus.Authorized || record.CaptureOpen,
                        $"{call.Label} is Declined and left the payment {record.Status} (capture open {record.CaptureOpen}), from which it cannot be tried again");
                    break;
                case PaymentOutcome.Failed when call.Operation is PaymentOperation.Process or PaymentOperation.ConfirmStepUp:
                    processFailed = true;
                    allowed[(int)AuthorizerOperation.Authorize]++; // authorized, then rolled back by a void
                    allowed[(int)AuthorizerOperation.Void]++;
                    Require(record.Status is not (TransactionStatus.Captured or TransactionStatus.PartiallyRefunded or TransactionStatus.Refunded), $"{call.Label} is Failed but the payment is {record.Status}");
                    break;
                case PaymentOutcome.Failed:
                    Require(record.Pending is null, $"{call.Label} is Failed ({result.FailureReason}) but {record.Pending?.Operation} is still in flight");
                    break;
            }
        }

        foreach (var kind in Kinds)
        {
            // A one-step sale is the authorization and the capture, done at once.
            var done = performed.Count(p => p.Operation == kind || (p.Operation == AuthorizerOperation.Sale && kind is AuthorizerOperation.Authorize or AuthorizerOperation.Capture));
            Require(done >= required[(int)kind], $"a result says Approved for {required[(int)kind]} {kind}(s) but the issuer performed {done} in the window");
            Require(raced || done <= allowed[(int)kind], $"the issuer performed {done} {kind}(s) but the results explain {allowed[(int)kind]}: a Declined or Failed result for an operation that happened");
        }

        if (processFailed && !raced)
        {
            // Failed: the payment did not happen. Nothing was taken; a hold left open must be one the record knows.
            Require(hold is null || hold.Captured.IsZero, $"the payment is reported Failed but the issuer captured {hold?.Captured}");
            Require(hold is not { State: HoldState.Held } || after is { Status: TransactionStatus.Authorized }, $"the payment is reported Failed, the issuer still holds {hold?.Authorized}, and the record says {after?.Status}");
        }
    }

    public static AuthorizerOperation KindOf(PaymentOperation operation) => operation switch
    {
        PaymentOperation.Capture => AuthorizerOperation.Capture,
        PaymentOperation.Void => AuthorizerOperation.Void,
        PaymentOperation.Refund => AuthorizerOperation.Refund,
        _ => AuthorizerOperation.Authorize,
    };

    public static string Describe(StateChange change) =>
        $"v{change.Version} {change.Operation?.ToString() ?? "-"} {change.From}→{change.To} {change.Amount}{(change.Refused ? " refused " + change.Reason : string.Empty)}";

    /// <summary>What an Approved result says the issuer did.</summary>
    private static IEnumerable<AuthorizerOperation> Requires(Call call, TransactionRecord record)
    {
        if (call.Operation is not (PaymentOperation.Process or PaymentOperation.ConfirmStepUp))
        {
            yield return KindOf(call.Operation);
            yield break;
        }

        yield return AuthorizerOperation.Authorize;
        if (record.Request.CaptureMode == CaptureMode.Automatic)
        {
            yield return AuthorizerOperation.Capture;
        }
    }

    /// <summary>What a call may have made the issuer do when its outcome is not known to the caller.</summary>
    private static IEnumerable<AuthorizerOperation> Touches(Call call) => call.Operation is PaymentOperation.Process or PaymentOperation.ConfirmStepUp
        ? [AuthorizerOperation.Authorize, AuthorizerOperation.Capture, AuthorizerOperation.Void]
        : [KindOf(call.Operation)];

    /// <summary>An Approved result's record shows the operation done.</summary>
    private static void RequireRecorded(Call call, TransactionRecord record, bool replayed)
    {
        var since = replayed || call.Before is null ? 0 : call.Before.Version;
        var what = replayed ? "a replayed Approved" : "Approved";
        switch (call.Operation)
        {
            case PaymentOperation.Process or PaymentOperation.ConfirmStepUp:
                Require(
                    replayed
                        ? record.Status is not (TransactionStatus.Received or TransactionStatus.Declined or TransactionStatus.Failed or TransactionStatus.RequiresAction)
                        : record.Status == (record.Request.CaptureMode == CaptureMode.Automatic ? TransactionStatus.Captured : TransactionStatus.Authorized),
                    $"{call.Label} is {what} but the payment is {record.Status}");
                break;
            case PaymentOperation.Capture:
                Require(record.History.Any(c => c is { Operation: AuthorizerOperation.Capture, Refused: false } && c.Version > since), $"{call.Label} is {what} but no capture is recorded (captured {record.Captured}, {record.Status})");
                break;
            case PaymentOperation.Void:
                Require(record.Status == TransactionStatus.Voided || (record.History.Any(c => c is { Operation: AuthorizerOperation.Void, Refused: false } && c.Version > since) && !record.CaptureOpen), $"{call.Label} is {what} but the payment is {record.Status} (capture open {record.CaptureOpen})");
                break;
            case PaymentOperation.Refund:
                Require(record.History.Any(c => c is { Operation: AuthorizerOperation.Refund, Refused: false } && c.OperationKey == call.Key), $"{call.Label} is {what} but no refund under its key is recorded");
                break;
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SimulationInvariantException(message);
        }
    }
}
