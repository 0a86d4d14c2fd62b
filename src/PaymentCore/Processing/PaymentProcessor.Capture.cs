using PaymentCore.Authorization;

namespace PaymentCore;

public sealed partial class PaymentProcessor
{
    /// <summary>
    /// Captures an authorized payment, fully or partially; a partial capture releases the rest of the hold.
    /// Capturing again after a capture returns the recorded capture (<see cref="PaymentResult.Replayed"/>).
    /// </summary>
    /// <param name="id">The transaction.</param>
    /// <param name="amount">The amount, at most the authorized amount; the whole authorization when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call before anything is sent to the authorizer.</param>
    /// <returns>The result; <see cref="PaymentOutcome.Failed"/> with a reason when the authorizer refused (the authorization is then voided).</returns>
    /// <exception cref="TransactionNotFoundException">No transaction has that id.</exception>
    /// <exception cref="PaymentValidationException">The amount is not positive, in another currency, or above the authorized amount.</exception>
    /// <exception cref="InvalidTransitionException">The transaction is not authorized (declined, voided, failed, still received).</exception>
    public async ValueTask<PaymentResult> CaptureAsync(TransactionId id, Money? amount = null, CancellationToken cancellationToken = default)
    {
        var record = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        var toCapture = amount ?? record.Authorized;
        if (record.Status is TransactionStatus.Captured or TransactionStatus.PartiallyRefunded or TransactionStatus.Refunded
            && (amount is null || amount == record.Captured))
        {
            return new PaymentResult(record, replayed: true);
        }

        if (record.Status != TransactionStatus.Authorized)
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Captured);
        }

        if (record.Pending is { } pending)
        {
            // A capture already sent may be resent with its key and amount only; anything else waits for recovery.
            if (pending.Operation != AuthorizerOperation.Capture || pending.Amount != toCapture)
            {
                throw new ConcurrentUpdateException(record.Id, record.Version);
            }
        }

        PaymentRequestValidator.ValidateOperationAmount(toCapture, record.Authorized, "capture");
        cancellationToken.ThrowIfCancellationRequested();
        if (record.Pending is null && toCapture != record.Authorized)
        {
            // A partial capture writes its intent first: if the process dies after the authorizer captured,
            // recovery finds the amount here (a status query tells whether, not how much).
            var now = _time.GetUtcNow();
            record = await SaveAsync(record, PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Capture, record.IdempotencyKey, toCapture, now, OutcomeUnknown: false), now)).ConfigureAwait(false);
        }

        return new PaymentResult(await CaptureCoreAsync(record, toCapture).ConfigureAwait(false), replayed: false);
    }

    /// <summary>Authorized → Captured. A refused capture voids the authorization (rollback); an unknown outcome is recorded for recovery.</summary>
    private async ValueTask<TransactionRecord> CaptureCoreAsync(TransactionRecord record, Money amount)
    {
        var sent = await SendAsync(AuthorizerOperation.Capture, record, amount, record.IdempotencyKey, _capturePolicy, HolderIndex(record)).ConfigureAwait(false);
        var result = sent.Result;
        var now = _time.GetUtcNow();
        return result.Outcome switch
        {
            AuthorizerOutcome.Approved => await SaveAsync(record, PaymentStateMachine.Capture(record, amount, now)).ConfigureAwait(false),
            AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure =>
                // Rollback: the capture will never succeed, so the hold is released and payer and merchant told why.
                await VoidCoreAsync(record, "capture_refused:" + (result.Code ?? "unknown")).ConfigureAwait(false),
            _ =>
                // Not known to be done, not known to be refused: recovery asks the authorizer by key, never guesses.
                await SaveAsync(record, PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Capture, record.IdempotencyKey, amount, now, OutcomeUnknown: result.Outcome == AuthorizerOutcome.Unknown), now)).ConfigureAwait(false),
        };
    }
}
