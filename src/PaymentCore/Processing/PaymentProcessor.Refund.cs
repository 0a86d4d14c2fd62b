using PaymentCore.Authorization;

namespace PaymentCore;

public sealed partial class PaymentProcessor
{
    /// <summary>
    /// Refunds part or all of a captured payment. Each refund has its own idempotency key: the same key returns
    /// the recorded refund; several refunds may follow one another until the captured amount is refunded.
    /// </summary>
    /// <param name="id">The transaction.</param>
    /// <param name="amount">The amount, at most what is refundable.</param>
    /// <param name="refundKey">The refund's idempotency key, at most 255 characters.</param>
    /// <param name="cancellationToken">Cancels the call before anything is sent to the authorizer.</param>
    /// <returns>The result; <see cref="PaymentOutcome.Failed"/> with a reason when the authorizer refused (nothing changed).</returns>
    /// <exception cref="TransactionNotFoundException">No transaction has that id.</exception>
    /// <exception cref="PaymentValidationException">The key is blank or too long, or the amount is not positive, in another currency, or above what is refundable.</exception>
    /// <exception cref="IdempotencyConflictException">The refund key was used for a different amount.</exception>
    /// <exception cref="InvalidTransitionException">The transaction is not captured.</exception>
    public async ValueTask<PaymentResult> RefundAsync(TransactionId id, Money amount, string refundKey, CancellationToken cancellationToken = default)
    {
        PaymentRequestValidator.ValidateOperationKey(nameof(refundKey), refundKey);

        var record = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        foreach (var change in record.History)
        {
            if (string.Equals(change.OperationKey, refundKey, StringComparison.Ordinal))
            {
                return change.Amount == amount
                    ? new PaymentResult(record, replayed: true)
                    : throw new IdempotencyConflictException(record.Id, refundKey, ["Amount"]);
            }
        }

        if (record.Pending is { Operation: AuthorizerOperation.Refund } pending)
        {
            // One refund at a time: an earlier one is unresolved, and its key decides what happens next.
            return string.Equals(pending.OperationKey, refundKey, StringComparison.Ordinal) && pending.Amount == amount
                ? new PaymentResult(record, replayed: true)
                : throw new ConcurrentUpdateException(record.Id, record.Version);
        }

        if (record.Status is not (TransactionStatus.Captured or TransactionStatus.PartiallyRefunded))
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Refunded);
        }

        PaymentRequestValidator.ValidateOperationAmount(amount, record.Refundable, "refund");
        cancellationToken.ThrowIfCancellationRequested();

        // Write the intent first: if the process dies after the authorizer refunds, recovery finds the
        // pending refund, asks the authorizer by its key, and records it. Without this the money would move
        // and no record would say so.
        var now = _time.GetUtcNow();
        record = await SaveAsync(record, PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Refund, refundKey, amount, now, OutcomeUnknown: false), now)).ConfigureAwait(false);
        return await RefundCoreAsync(record, amount, refundKey).ConfigureAwait(false);
    }

    private async ValueTask<PaymentResult> RefundCoreAsync(TransactionRecord record, Money amount, string refundKey)
    {
        // The authorizer deduplicates by merchant and key, but refund keys are per payment: scope them to the payment.
        var result = (await SendAsync(AuthorizerOperation.Refund, record, amount, AuthorizerKeys.Refund(record.Id, refundKey), _refundPolicy, HolderIndex(record)).ConfigureAwait(false)).Result;
        var now = _time.GetUtcNow();
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved:
                return new PaymentResult(await SaveAsync(record, PaymentStateMachine.Refund(record, amount, refundKey, now)).ConfigureAwait(false), replayed: false);
            case AuthorizerOutcome.Unknown:
                var unknown = record.Pending! with { OutcomeUnknown = true };
                return new PaymentResult(await SaveAsync(record, PaymentStateMachine.WithPending(record, unknown, now)).ConfigureAwait(false), replayed: false);
            default:
                // Refused or not sent: nothing moved. Clear the intent and say why.
                var cleared = await SaveAsync(record, PaymentStateMachine.WithPending(record, null, now)).ConfigureAwait(false);
                return new PaymentResult(cleared, replayed: false, operationFailure: result.Code ?? "refund_refused");
        }
    }
}
