using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Recovery;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>The outcome a replay reports: read from what the record says happened, never from what was asked.</summary>
internal static class RecordedOutcome
{
    /// <summary>What <see cref="PaymentProcessor.ProcessAsync(PaymentCore.Payments.PaymentRequest, System.Threading.CancellationToken)"/> came to, as recorded.</summary>
    public static PaymentResult OfPayment(TransactionRecord record, bool replayed) => record.Status switch
    {
        TransactionStatus.Received => Result(record, PaymentOperation.Process, PaymentOutcome.Pending, replayed, reason: "authorization_in_flight"),
        TransactionStatus.RequiresAction when record.AwaitsAuthorization => Result(record, PaymentOperation.Process, PaymentOutcome.Pending, replayed, reason: "authorization_in_flight"),
        TransactionStatus.RequiresAction => Result(record, PaymentOperation.Process, PaymentOutcome.RequiresAction, replayed, reason: "step_up_required") with { NextAction = record.StepUp?.NextAction() },
        TransactionStatus.Declined => Result(record, PaymentOperation.Process, PaymentOutcome.Declined, replayed, record.Decline, record.Decline?.Code, record.Decline?.Advice),
        TransactionStatus.Failed => Result(record, PaymentOperation.Process, PaymentOutcome.Failed, replayed, reason: record.FailureReason, advice: StepUpCoordinator.FailureAdvice(record.FailureReason)),
        TransactionStatus.Authorized when record.Pending is { Automatic: true, Operation: AuthorizerOperation.Capture } => Result(record, PaymentOperation.Process, PaymentOutcome.Pending, replayed, reason: "capture_in_flight"),
        TransactionStatus.Authorized when record.Request.CaptureMode == CaptureMode.Automatic && RecoverySchedule.CaptureRefused(record)
            => Result(record, PaymentOperation.Process, PaymentOutcome.Failed, replayed, reason: "capture_refused", advice: DeclineAdvice.DoNotRetry),
        TransactionStatus.Voided when IsRollback(record) => Result(record, PaymentOperation.Process, PaymentOutcome.Failed, replayed, reason: record.History[^1].Reason, advice: DeclineAdvice.DoNotRetry),
        _ => Result(record, PaymentOperation.Process, PaymentOutcome.Approved, replayed),
    };

    /// <summary>A capture, void or refund already recorded in the history under the caller's key: its outcome again.</summary>
    public static PaymentResult OfOperation(TransactionRecord record, StateChange change, PaymentOperation operation) =>
        change.Refused
            ? Result(record, operation, PaymentOutcome.Declined, replayed: true, DeclineFrom(record, change), change.Reason, DeclineAdvice.DoNotRetry)
            : Result(record, operation, PaymentOutcome.Approved, replayed: true);

    /// <summary>
    /// What another writer recorded for an operation in flight since its intent (version <paramref name="since"/>,
    /// authorizer key <paramref name="key"/>): done, refused, or still in flight; <see langword="null"/> when the
    /// record no longer says (the other writer cleared it), so nobody can tell the caller what happened.
    /// </summary>
    public static PaymentResult? OfOperationSince(TransactionRecord record, PaymentOperation operation, long since, string key)
    {
        var kind = operation switch
        {
            PaymentOperation.Capture => AuthorizerOperation.Capture,
            PaymentOperation.Void => AuthorizerOperation.Void,
            _ => AuthorizerOperation.Refund,
        };
        for (var i = record.History.Length - 1; i >= 0 && record.History[i].Version > since; i--)
        {
            if (record.History[i] is { } change && change.Operation == kind)
            {
                return change.Refused
                    ? Result(record, operation, PaymentOutcome.Declined, replayed: false, DeclineFrom(record, change), change.Reason, DeclineAdvice.DoNotRetry)
                    : Result(record, operation, PaymentOutcome.Approved, replayed: false);
            }
        }

        return string.Equals(record.Pending?.AuthorizerKey, key, StringComparison.Ordinal)
            ? Result(record, operation, PaymentOutcome.Pending, replayed: false, reason: kind.ToString().ToLowerInvariant() + "_outcome_unknown")
            : null;
    }

    public static PaymentResult Result(TransactionRecord record, PaymentOperation operation, PaymentOutcome outcome, bool replayed, DeclineInfo? decline = null, string? reason = null, DeclineAdvice? advice = null) =>
        new(record, operation, outcome, replayed, decline, reason, advice);

    // A payment the processor voided itself because its automatic capture (or the authorization's write) failed.
    private static bool IsRollback(TransactionRecord record) =>
        record.History[^1].Reason is "capture_refused" or "authorization_rolled_back";

    private static DeclineInfo DeclineFrom(TransactionRecord record, StateChange change)
    {
        var code = change.Reason is { } reason && reason.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? reason[(colon + 1)..] : change.Reason ?? DeclineCodes.InvalidRequest;
        var advice = DeclineAdvice.DoNotRetry;
        return new DeclineInfo(code, record.Authorizer ?? "authorizer", "Refused by the authorizer.", advice, DeclineCodes.PayerMessageFor(advice));
    }
}
