using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Recovery;

/// <summary>
/// Decides what recovery does with a record, from its state and what the authorizer said: a pure function, tested
/// as a table (one row per state × answer). It never guesses: an outcome it cannot learn is asked again later.
/// </summary>
internal static class Reconciler
{
    public static RecoveryAction Decide(TransactionRecord record, AuthorizerView view, DateTimeOffset now, PaymentProcessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        if (record.IsTerminal)
        {
            return new(RecoveryActionKind.Nothing);
        }

        if (record.Status == TransactionStatus.RequiresAction && !record.AwaitsAuthorization)
        {
            return DecideStepUp(record, view, now, options);
        }

        if (record.AwaitsAuthorization)
        {
            return view.Answer?.Outcome switch
            {
                null => new(RecoveryActionKind.Ask),
                // A sale the authorizer did: the money is taken, and the live path never rolls a sale back (a capture
                // cannot be voided), so there is no void to ask about. Recorded Captured, with its Authorized step.
                AuthorizerOutcome.Approved when view.Sale => new(RecoveryActionKind.Apply),
                AuthorizerOutcome.Approved => view.RollbackVoid?.Outcome switch
                {
                    null => new(RecoveryActionKind.AskRollbackVoid),
                    // Never sent, or refused (the void's own refusal is not an unknown): the hold stands, so the
                    // authorization is recorded and continues as the live path would. Asking again would never end.
                    AuthorizerOutcome.NotFound or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure => new(RecoveryActionKind.Apply),
                    AuthorizerOutcome.Approved => new(RecoveryActionKind.RecordAuthorizedThenVoided),
                    _ => new(RecoveryActionKind.RetryLater, "rollback_void_unknown"),
                },
                AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure => new(RecoveryActionKind.Apply),
                // The authorizer wants the payer to authenticate: record it (RequiresAction), as the live path would.
                AuthorizerOutcome.AuthenticationRequired => new(RecoveryActionKind.Apply),
                // The payer waited past RecoverAfter and no authorizer saw it: fail rather than authorize late (the key
                // stays taken, so a late duplicate cannot charge either).
                AuthorizerOutcome.NotFound => new(RecoveryActionKind.Fail, "authorization_not_completed"),
                // A sale not answered may have taken the money: asked again later, never failed on a guess.
                _ => new(RecoveryActionKind.RetryLater, SaleIntent.Of(record) ? "sale_outcome_unknown" : "authorization_outcome_unknown"),
            };
        }

        if (record.Pending is { } pending)
        {
            var operation = pending.Operation.ToString().ToLowerInvariant();
            return view.Answer?.Outcome switch
            {
                null => new(RecoveryActionKind.Ask),
                AuthorizerOutcome.Approved or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure => new(RecoveryActionKind.Apply),
                AuthorizerOutcome.NotFound => new(RecoveryActionKind.Resend),
                _ => new(RecoveryActionKind.RetryLater, operation + "_outcome_unknown"),
            };
        }

        var pastDeadline = now >= record.CreatedAt + options.CaptureDeadline;
        return record switch
        {
            { Status: TransactionStatus.Authorized } when record.Request.CaptureMode == CaptureMode.Automatic && !RecoverySchedule.CaptureRefused(record)
                => new(RecoveryActionKind.StartCapture),
            { Status: TransactionStatus.Authorized } when pastDeadline => new(RecoveryActionKind.StartVoid, "authorization_expired"),
            { Status: TransactionStatus.Captured, CaptureOpen: true } when pastDeadline => new(RecoveryActionKind.StartVoid, "capture_deadline_passed"),
            _ => new(RecoveryActionKind.Nothing),
        };
    }

    /// <summary>
    /// A payment waiting for its payer's step-up. Before it expires: nothing. After: a built-in challenge ends Failed
    /// (nothing was sent to the authorizer); the authorizer's challenge is asked about first, because the payer may
    /// have completed it at the bank without coming back, and the authorizer may then hold the money.
    /// </summary>
    private static RecoveryAction DecideStepUp(TransactionRecord record, AuthorizerView view, DateTimeOffset now, PaymentProcessorOptions options)
    {
        var stepUp = record.StepUp;
        var expiresAt = stepUp is { IsIssued: true } ? stepUp.ExpiresAt : record.UpdatedAt + options.RecoverAfter;
        if (now < expiresAt)
        {
            return new(RecoveryActionKind.Nothing);
        }

        if (stepUp is not { Trigger: StepUp.StepUpTrigger.Authorizer })
        {
            return new(RecoveryActionKind.Fail, stepUp is { IsIssued: true } ? "step_up_expired" : "step_up_not_issued");
        }

        return view.Answer?.Outcome switch
        {
            null => new(RecoveryActionKind.Ask),
            AuthorizerOutcome.Approved or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure => new(RecoveryActionKind.Apply),
            AuthorizerOutcome.NotFound or AuthorizerOutcome.AuthenticationRequired => new(RecoveryActionKind.Fail, "step_up_expired"),
            _ => new(RecoveryActionKind.RetryLater, "authorization_outcome_unknown"),
        };
    }
}
