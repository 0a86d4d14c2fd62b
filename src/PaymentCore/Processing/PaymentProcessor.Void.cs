using PaymentCore.Authorization;

namespace PaymentCore;

public sealed partial class PaymentProcessor
{
    /// <summary>
    /// Releases an authorization without capturing it. Voiding a voided payment returns the recorded void
    /// (<see cref="PaymentResult.Replayed"/>).
    /// </summary>
    /// <param name="id">The transaction.</param>
    /// <param name="cancellationToken">Cancels the call before anything is sent to the authorizer.</param>
    /// <returns>The result; pending when the void's outcome is unknown (recovery finishes it).</returns>
    /// <exception cref="TransactionNotFoundException">No transaction has that id.</exception>
    /// <exception cref="InvalidTransitionException">The transaction is not authorized (captured payments are refunded, not voided).</exception>
    public async ValueTask<PaymentResult> VoidAsync(TransactionId id, CancellationToken cancellationToken = default)
    {
        var record = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (record.Status == TransactionStatus.Voided)
        {
            return new PaymentResult(record, replayed: true);
        }

        if (record.Status != TransactionStatus.Authorized)
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Voided);
        }

        if (record.Pending is { Operation: not AuthorizerOperation.Void })
        {
            // A capture may be in flight or done: voiding now could release funds already taken. Recovery decides.
            throw new ConcurrentUpdateException(record.Id, record.Version);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new PaymentResult(await VoidCoreAsync(record, null).ConfigureAwait(false), replayed: false);
    }

    /// <summary>Authorized → Voided; if the authorizer does not confirm, the void is recorded as pending for recovery.</summary>
    private async ValueTask<TransactionRecord> VoidCoreAsync(TransactionRecord record, string? reason)
    {
        var result = (await SendAsync(AuthorizerOperation.Void, record, record.Authorized, record.IdempotencyKey, _voidPolicy, HolderIndex(record)).ConfigureAwait(false)).Result;
        var now = _time.GetUtcNow();
        if (result.IsApproved)
        {
            return await SaveAsync(record, PaymentStateMachine.Void(record, now, reason)).ConfigureAwait(false);
        }

        // The hold is still there (or may be): record the void as pending so recovery finishes it (VoidPending).
        return await SaveAsync(record, PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Void, record.IdempotencyKey, record.Authorized, now, OutcomeUnknown: result.Outcome == AuthorizerOutcome.Unknown), now)).ConfigureAwait(false);
    }

    private async ValueTask<TransactionRecord> LoadAsync(TransactionId id, CancellationToken cancellationToken) =>
        await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(id);
}
