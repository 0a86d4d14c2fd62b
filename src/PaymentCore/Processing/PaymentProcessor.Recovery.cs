using Microsoft.Extensions.Logging;
using PaymentCore.Authorization;

namespace PaymentCore;

public sealed partial class PaymentProcessor
{
    /// <summary>
    /// Drives records stuck longer than <see cref="PaymentProcessorOptions.RecoverAfter"/> (a crash, a lost
    /// response, a failed write) to a terminal or settled state, then re-sends undelivered events:
    /// <list type="bullet">
    /// <item>Received: the authorizers of the route are asked by key. Approved → Authorized (then captured in
    /// automatic mode); Declined → Declined; never seen by any → Failed; cannot tell → left for the next pass.</item>
    /// <item>Authorized: a capture or void done but not recorded is recorded; otherwise automatic payments are
    /// captured and manual ones older than <see cref="PaymentProcessorOptions.VoidUncapturedAfter"/> voided.</item>
    /// <item>A pending capture, void or refund: asked by key, then recorded, or sent again with the same key.</item>
    /// </list>
    /// Safe in several instances at once: every write is at the version read, and a lost race is skipped.
    /// One pass takes up at most <see cref="PaymentProcessorOptions.RecoveryBatchSize"/> records; run it on a timer.
    /// </summary>
    /// <param name="cancellationToken">Cancels between records (a record being recovered is finished).</param>
    /// <returns>What the pass did.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <remarks>Thread-safe.</remarks>
    public async ValueTask<RecoverySummary> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var tally = new Tally();
        var now = _time.GetUtcNow();
        var records = await _store.GetUnfinishedAsync(now - _options.RecoverAfter, _options.RecoveryBatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tally.Examined++;
            try
            {
                await RecoverOneAsync(record, tally).ConfigureAwait(false);
            }
            catch (ConcurrentUpdateException)
            {
                tally.LostRaces++; // another instance (or the original caller) got there first
            }
#pragma warning disable CA1031 // One record's fault (a store outage) must not stop the others; the next pass retries it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning(ex, "Recovery of {TransactionId} failed; the next pass retries it.", record.Id);
                tally.Unresolved++;
            }
        }

        var dispatched = await DispatchOutboxAsync(cancellationToken).ConfigureAwait(false);
        return new RecoverySummary(tally.Examined, tally.Authorized, tally.Captured, tally.Voided, tally.Refunded, tally.Declined, tally.Failed, tally.Unresolved, tally.LostRaces, dispatched);
    }

    private async ValueTask RecoverOneAsync(TransactionRecord record, Tally tally)
    {
        switch (record.Status)
        {
            case TransactionStatus.Received:
                await RecoverReceivedAsync(record, tally).ConfigureAwait(false);
                break;
            case TransactionStatus.Authorized:
                await RecoverAuthorizedAsync(record, tally).ConfigureAwait(false);
                break;
            case TransactionStatus.Captured or TransactionStatus.PartiallyRefunded when record.Pending is { Operation: AuthorizerOperation.Refund } pending:
                await RecoverRefundAsync(record, pending, tally).ConfigureAwait(false);
                break;
            default:
                tally.Unresolved++;
                break;
        }
    }

    private async ValueTask RecoverReceivedAsync(TransactionRecord record, Tally tally)
    {
        var cannotTell = false;
        for (var index = 0; index < _authorizers.Length; index++)
        {
            var answer = await QueryAsync(index, AuthorizerOperation.Authorize, record.MerchantId, record.IdempotencyKey).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            switch (answer.Outcome)
            {
                case AuthorizerOutcome.Approved:
                    // A failed write after the authorization may have been rolled back by a void: record the
                    // authorization with that void pending, so no capture is ever sent to the released hold.
                    var released = await QueryAsync(index, AuthorizerOperation.Void, record.MerchantId, record.IdempotencyKey).ConfigureAwait(false);
                    if (released.Outcome is not (AuthorizerOutcome.Approved or AuthorizerOutcome.NotFound))
                    {
                        tally.Unresolved++;
                        return;
                    }

                    var next = PaymentStateMachine.Authorize(record, _authorizers[index].Name, answer.AuthorizationCode, now);
                    if (released.IsApproved)
                    {
                        next = next with { Pending = new PendingOperation(AuthorizerOperation.Void, record.IdempotencyKey, next.Authorized, now, OutcomeUnknown: false) }; // recorded in the same write
                    }

                    var authorized = await SaveAsync(record, next).ConfigureAwait(false);
                    tally.Authorized++;
                    await RecoverAuthorizedAsync(authorized, tally).ConfigureAwait(false);
                    return;
                case AuthorizerOutcome.Declined:
                    await SaveAsync(record, PaymentStateMachine.Decline(record, new DeclineInfo(answer.Code ?? DeclineCodes.DoNotHonor, _authorizers[index].Name, answer.Message ?? "Declined by the authorizer."), now)).ConfigureAwait(false);
                    tally.Declined++;
                    return;
                case AuthorizerOutcome.PermanentFailure:
                    await SaveAsync(record, PaymentStateMachine.Fail(record, answer.Code ?? "authorization_failed", now)).ConfigureAwait(false);
                    tally.Failed++;
                    return;
                case AuthorizerOutcome.NotFound:
                    break;
                default:
                    cannotTell = true;
                    break;
            }
        }

        if (cannotTell)
        {
            tally.Unresolved++;
            return;
        }

        // No authorizer of the route saw it: nothing is held. The payer waited past RecoverAfter; fail it rather
        // than authorize late (the key stays taken, so a late duplicate cannot charge either).
        await SaveAsync(record, PaymentStateMachine.Fail(record, "authorization_not_completed", _time.GetUtcNow())).ConfigureAwait(false);
        tally.Failed++;
    }

    private async ValueTask RecoverAuthorizedAsync(TransactionRecord record, Tally tally)
    {
        var index = HolderIndex(record);
        var key = record.IdempotencyKey;
        if (record.Pending is { Operation: AuthorizerOperation.Void })
        {
            var answer = await QueryAsync(index, AuthorizerOperation.Void, record.MerchantId, key).ConfigureAwait(false);
            if (answer.IsApproved)
            {
                await SaveAsync(record, PaymentStateMachine.Void(record, _time.GetUtcNow(), "void_recovered")).ConfigureAwait(false);
                tally.Voided++;
            }
            else if (answer.Outcome == AuthorizerOutcome.NotFound)
            {
                // Not voided; make sure no capture was done either before releasing the hold.
                var taken = await QueryAsync(index, AuthorizerOperation.Capture, record.MerchantId, key).ConfigureAwait(false);
                if (taken.IsApproved)
                {
                    await SaveAsync(record, PaymentStateMachine.Capture(record, record.Authorized, _time.GetUtcNow())).ConfigureAwait(false);
                    tally.Captured++;
                }
                else if (taken.Outcome is AuthorizerOutcome.NotFound or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure)
                {
                    Count(await VoidCoreAsync(record, "void_recovered").ConfigureAwait(false), tally);
                }
                else
                {
                    tally.Unresolved++;
                }
            }
            else
            {
                tally.Unresolved++;
            }

            return;
        }

        if (record.Pending is { Operation: AuthorizerOperation.Capture } capture)
        {
            var answer = await QueryAsync(index, AuthorizerOperation.Capture, record.MerchantId, key).ConfigureAwait(false);
            switch (answer.Outcome)
            {
                case AuthorizerOutcome.Approved:
                    await SaveAsync(record, PaymentStateMachine.Capture(record, capture.Amount, _time.GetUtcNow())).ConfigureAwait(false);
                    tally.Captured++;
                    break;
                case AuthorizerOutcome.NotFound:
                    // Not captured; but a refused capture is rolled back by a void, and a crash may have hidden that
                    // void: capturing a released hold is the one thing the issuer must never see (seed 2290).
                    var released = await QueryAsync(index, AuthorizerOperation.Void, record.MerchantId, key).ConfigureAwait(false);
                    if (released.IsApproved)
                    {
                        await SaveAsync(record, PaymentStateMachine.Void(record, _time.GetUtcNow(), "void_recovered")).ConfigureAwait(false);
                        tally.Voided++;
                    }
                    else if (released.Outcome == AuthorizerOutcome.NotFound)
                    {
                        Count(await CaptureCoreAsync(record, capture.Amount).ConfigureAwait(false), tally);
                    }
                    else
                    {
                        tally.Unresolved++;
                    }

                    break;
                case AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure:
                    Count(await VoidCoreAsync(record, "capture_refused:" + (answer.Code ?? "unknown")).ConfigureAwait(false), tally);
                    break;
                default:
                    tally.Unresolved++;
                    break;
            }

            return;
        }

        // Nothing pending, yet a crash or a failed write may have hidden a capture or a void that was done: ask
        // before acting, or recovery would capture a released hold or void a captured one. (Partial captures
        // write their intent first, so a capture found here is of the whole authorization.)
        var captured = await QueryAsync(index, AuthorizerOperation.Capture, record.MerchantId, key).ConfigureAwait(false);
        if (captured.IsApproved)
        {
            await SaveAsync(record, PaymentStateMachine.Capture(record, record.Authorized, _time.GetUtcNow())).ConfigureAwait(false);
            tally.Captured++;
            return;
        }

        var voided = await QueryAsync(index, AuthorizerOperation.Void, record.MerchantId, key).ConfigureAwait(false);
        if (voided.IsApproved)
        {
            await SaveAsync(record, PaymentStateMachine.Void(record, _time.GetUtcNow(), "void_recovered")).ConfigureAwait(false);
            tally.Voided++;
            return;
        }

        if (captured.Outcome == AuthorizerOutcome.Unknown || voided.Outcome == AuthorizerOutcome.Unknown)
        {
            tally.Unresolved++;
            return;
        }

        if (record.Request.CaptureMode == CaptureMode.Automatic)
        {
            Count(await CaptureCoreAsync(record, record.Authorized).ConfigureAwait(false), tally);
        }
        else if (_time.GetUtcNow() - record.CreatedAt >= _options.VoidUncapturedAfter)
        {
            // The hold was placed soon after the record was created (recovery may record it much later): authorizations
            // expire at the issuer from then, and releasing the hold ourselves tells the payer and frees the funds now.
            Count(await VoidCoreAsync(record, "authorization_expired").ConfigureAwait(false), tally);
        }
        else
        {
            tally.Unresolved++; // a manual authorization still waiting for the merchant: settled, not stuck
        }
    }

    private async ValueTask RecoverRefundAsync(TransactionRecord record, PendingOperation pending, Tally tally)
    {
        var answer = await QueryAsync(HolderIndex(record), AuthorizerOperation.Refund, record.MerchantId, AuthorizerKeys.Refund(record.Id, pending.OperationKey)).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        switch (answer.Outcome)
        {
            case AuthorizerOutcome.Approved:
                await SaveAsync(record, PaymentStateMachine.Refund(record, pending.Amount, pending.OperationKey, now)).ConfigureAwait(false);
                tally.Refunded++;
                break;
            case AuthorizerOutcome.NotFound:
                var result = await RefundCoreAsync(record, pending.Amount, pending.OperationKey).ConfigureAwait(false);
                if (result.Transaction.Pending is not null)
                {
                    tally.Unresolved++;
                }
                else if (result.OperationFailure is null)
                {
                    tally.Refunded++;
                }
                else
                {
                    tally.Failed++;
                }

                break;
            case AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure:
                await SaveAsync(record, PaymentStateMachine.WithPending(record, null, now)).ConfigureAwait(false);
                tally.Failed++;
                break;
            default:
                tally.Unresolved++;
                break;
        }
    }

    private static void Count(TransactionRecord record, Tally tally)
    {
        switch (record.Status)
        {
            case TransactionStatus.Captured when record.Pending is null:
                tally.Captured++;
                break;
            case TransactionStatus.Voided:
                tally.Voided++;
                break;
            default:
                tally.Unresolved++;
                break;
        }
    }

    private sealed class Tally
    {
        public int Examined { get; set; }

        public int Authorized { get; set; }

        public int Captured { get; set; }

        public int Voided { get; set; }

        public int Refunded { get; set; }

        public int Declined { get; set; }

        public int Failed { get; set; }

        public int Unresolved { get; set; }

        public int LostRaces { get; set; }
    }
}
