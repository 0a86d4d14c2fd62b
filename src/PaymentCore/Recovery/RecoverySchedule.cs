using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Recovery;

/// <summary>
/// Says when recovery should next look at a record (<see cref="TransactionRecord.DueAt"/>). Pure: the processor
/// stamps every write with it, and stores pick candidates by it, so what is due comes first and healthy holds
/// waiting for the merchant are not candidates at all until their capture deadline.
/// </summary>
internal static class RecoverySchedule
{
    public static DateTimeOffset? DueAt(TransactionRecord record, PaymentProcessorOptions options)
    {
        if (record.IsTerminal)
        {
            return null;
        }

        if (record.Pending is { } pending)
        {
            // In flight: the sender may still be retrying, so wait RecoverAfter. Unknown: back off per record,
            // doubling with every status query that could not tell, up to MaxRecoveryInterval.
            return record.UpdatedAt + Backoff(pending.Attempts, options);
        }

        switch (record.Status)
        {
            case TransactionStatus.Received:
            case TransactionStatus.RequiresAction when record.AwaitsAuthorization:
                return record.UpdatedAt + options.RecoverAfter; // an authorization in flight
            case TransactionStatus.RequiresAction:
                // Waiting for the payer: not a candidate before the step-up expires; then recovery ends it. One never
                // issued (the process stopped in between) is ended after RecoverAfter.
                return record.StepUp is { IsIssued: true } stepUp ? stepUp.ExpiresAt : record.UpdatedAt + options.RecoverAfter;
            case TransactionStatus.Authorized when record.Request.CaptureMode == CaptureMode.Automatic && !CaptureRefused(record):
                return record.UpdatedAt + options.RecoverAfter; // the automatic capture still has to be sent
            case TransactionStatus.Authorized:
            case TransactionStatus.Captured when record.CaptureOpen:
                var deadline = record.CreatedAt + options.CaptureDeadline;
                // Past the deadline a void the authorizer refused is asked again at the longest interval, not in a loop.
                return record.UpdatedAt >= deadline ? record.UpdatedAt + options.MaxRecoveryInterval : deadline;
            default:
                return null; // captured and closed, or refunded in part: nothing is held or in flight
        }
    }

    /// <summary>Whether the authorizer refused a capture of this payment: an automatic capture is then not sent again by recovery.</summary>
    public static bool CaptureRefused(TransactionRecord record)
    {
        foreach (var change in record.History)
        {
            if (change is { Refused: true, Operation: AuthorizerOperation.Capture })
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan Backoff(int attempts, PaymentProcessorOptions options)
    {
        var wait = options.RecoverAfter;
        for (var i = 0; i < attempts && wait < options.MaxRecoveryInterval; i++)
        {
            wait += wait;
        }

        return wait > options.MaxRecoveryInterval ? options.MaxRecoveryInterval : wait;
    }
}
