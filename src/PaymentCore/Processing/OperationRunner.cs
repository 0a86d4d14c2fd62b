using Microsoft.Extensions.Logging;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.Telemetry;
using PaymentCore.StepUp;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Runs one authorizer operation on a recorded payment, from intent to recorded outcome: the intent is written
/// first (so no operation reaches the authorizer unrecorded, and a second one is refused), then it is sent, then
/// the answer is recorded. Every answer has an exit: done, refused (back to the state before, with the refusal in
/// the history), unknown (recovery asks later), or not done (cleared, or left for recovery when no caller waits).
/// </summary>
/// <remarks>Thread-safe: stateless over thread-safe collaborators.</remarks>
internal sealed class OperationRunner(AuthorizerRoute route, TransactionWriter writer, RuleChain rules, TimeProvider time, ILogger logger)
{
    public AuthorizerRoute Route => route;

    public TransactionWriter Writer => writer;

    /// <summary>Writes the intent of a new operation; refuses it when another is in flight.</summary>
    /// <exception cref="OperationInProgressException">Another operation's intent is recorded (now, or by a racing call).</exception>
    public async ValueTask<TransactionRecord> BeginAsync(TransactionRecord record, PendingOperation intent, PaymentOperation requested)
    {
        if (record.Pending is { } inFlight)
        {
            throw new OperationInProgressException(record.Id, inFlight.Operation, requested);
        }

        try
        {
            return await writer.SaveAsync(record, PaymentStateMachine.Begin(record, intent, time.GetUtcNow())).ConfigureAwait(false);
        }
        catch (ConcurrentUpdateException)
        {
            // Lost the race for the version: if the winner recorded an intent, say which; otherwise the caller reads again.
            if (await writer.TryGetAsync(record.Id).ConfigureAwait(false) is { Pending: { } winner })
            {
                throw new OperationInProgressException(record.Id, winner.Operation, requested);
            }

            throw;
        }
    }

    /// <summary>
    /// The record of a payment the rules accepted: Received, with the one-step sale as its operation in flight when
    /// the payment is captured automatically and the first authorizer of the route sells it (<see cref="ISaleAuthorizer"/>).
    /// The choice is made here, once, and written with the record, so recovery follows the record, not the route.
    /// </summary>
    public TransactionRecord Received(TransactionId id, PaymentRequest request, Money fee, DateTimeOffset now) =>
        PaymentStateMachine.Received(id, request, fee, now, sale: route.SellsAt(0, request));

    /// <summary>Sends the operation in flight (the authorization, or the sale, of a Received record) and records the answer.</summary>
    /// <param name="record">The record with the operation in flight.</param>
    /// <param name="verificationCode">The card verification code, sent with an authorization (or a sale) and nothing else (PCI DSS 3.3.1).</param>
    public async ValueTask<Settled> RunAsync(TransactionRecord record, CardVerificationCode? verificationCode = null)
    {
        var first = record.Pending is null or { Operation: AuthorizerOperation.Authorize or AuthorizerOperation.Sale };
        var request = first ? route.FirstOperationAt(record, 0) : AuthorizerRoute.RequestFor(record);
        if (verificationCode is not null && first)
        {
            request = request with { VerificationCode = verificationCode };
        }

        var sent = await route.SendAsync(request, first ? 0 : route.HolderOf(record), SaleIntent.Of(record)).ConfigureAwait(false);
        return await ApplyAsync(record, sent.Result, sent.Index).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the authorizer's answer to the operation in flight, and continues what it starts (capture after
    /// authorization, rollback after a refused automatic capture). For the payment's first operation the answer is
    /// read as the sale's when the record chose the sale and the answering authorizer sells the payment (what
    /// <see cref="AuthorizerRoute.FirstOperationAt"/> sent it), else as the authorization's.
    /// </summary>
    public ValueTask<Settled> ApplyAsync(TransactionRecord record, AuthorizerResult result, int index) =>
        record.Pending is { Operation: not (AuthorizerOperation.Authorize or AuthorizerOperation.Sale) } pending
            ? pending.Operation switch
            {
                AuthorizerOperation.Capture => CapturedAsync(record, pending, result, index),
                AuthorizerOperation.Void => VoidedAsync(record, pending, result, index),
                _ => RefundedAsync(record, pending, result, index),
            }
            : AuthorizedAsync(record, result, index, sale: SaleIntent.Of(record) && route.SellsAt(index, record.Request));

    /// <param name="record">The record awaiting its first operation.</param>
    /// <param name="result">The answer.</param>
    /// <param name="index">The route index of the authorizer that gave it.</param>
    /// <param name="sale">Whether the answer is a one-step sale's: done means authorized and captured, and is recorded in one write.</param>
    private async ValueTask<Settled> AuthorizedAsync(TransactionRecord record, AuthorizerResult result, int index, bool sale)
    {
        var now = time.GetUtcNow();
        var name = route.NameOf(index);
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved when sale:
                // The money is taken: Received → Captured in one write, the Authorized step kept as history. The fee
                // is charged on what was captured, as after a two-step capture.
                var fee = rules.FeeOn(record.Request, record.Amount, record.CreatedAt);
                return await RecordSaleAsync(record, PaymentStateMachine.Sell(record, name, result.AuthorizationCode, result.Reference, fee, now)).ConfigureAwait(false);
            case AuthorizerOutcome.Approved:
                var authorized = PaymentStateMachine.Authorize(record, name, result.AuthorizationCode, result.Reference, now);
                if (record.Request.CaptureMode == CaptureMode.Automatic)
                {
                    // The authorization and the capture's intent in one write: one commit fewer, and no window in
                    // which an automatic payment is authorized with nothing saying a capture is coming.
                    authorized = PaymentStateMachine.Begin(authorized, new PendingOperation(AuthorizerOperation.Capture, null, authorized.Authorized, now, false, Automatic: true), now, sameWrite: true);
                }

                var written = await RecordAuthorizationAsync(record, authorized, index).ConfigureAwait(false);
                if (written.Pending is { Operation: AuthorizerOperation.Capture, Automatic: true } && written.Status == TransactionStatus.Authorized)
                {
                    return await RunAsync(written).ConfigureAwait(false);
                }

                return new Settled(written, written.Pending is { OutcomeUnknown: true } ? PaymentOutcome.Pending : PaymentOutcome.Approved);
            case AuthorizerOutcome.Declined:
                var decline = Decline(result, name, DeclineCodes.DoNotHonor);
                return new Settled(await writer.SaveAsync(record, PaymentStateMachine.Decline(record, decline, now)).ConfigureAwait(false), PaymentOutcome.Declined, decline, decline.Code, decline.Advice);
            case AuthorizerOutcome.AuthenticationRequired when record.Status == TransactionStatus.Received:
                // Nothing is held yet: the payment waits for the payer, and ConfirmStepUpAsync forwards the result.
                var stepUp = new StepUpState
                {
                    Trigger = StepUpTrigger.Authorizer,
                    RequestedBy = name,
                    Reason = "authentication_required",
                    AuthorizerChallenge = result.Challenge,
                    ExpiresAt = result.Challenge?.ExpiresAt ?? now + StepUpCoordinator.AuthorizerChallengeLifetime,
                };
                // A sale's challenge is the sale's: the entry says so, and the payer's answer completes the sale.
                var waiting = await writer.SaveAsync(record, PaymentStateMachine.RequireAction(record, stepUp, now, sale ? AuthorizerOperation.Sale : AuthorizerOperation.Authorize)).ConfigureAwait(false);
                return new Settled(waiting, PaymentOutcome.RequiresAction);
            case AuthorizerOutcome.AuthenticationRequired:
                // Asked again after the payer's answer was forwarded (or for a payment already stepped up): the
                // authentication did not succeed. Declined, never a second challenge loop.
                var refusedAuthentication = new DeclineInfo(DeclineCodes.AuthenticationFailed, name, "The authorizer did not accept the payer's authentication.", DeclineCodes.AdviceFor(DeclineCodes.AuthenticationFailed), DeclineCodes.PayerMessageFor(DeclineCodes.AdviceFor(DeclineCodes.AuthenticationFailed)));
                return new Settled(await writer.SaveAsync(record, PaymentStateMachine.Decline(record, refusedAuthentication, now)).ConfigureAwait(false), PaymentOutcome.Declined, refusedAuthentication, refusedAuthentication.Code, refusedAuthentication.Advice);
            case AuthorizerOutcome.Unknown when sale:
                // The money may be taken: the sale stays in flight, marked unknown, and only the authorizer's answer settles it.
                var selling = record.Pending ?? SaleIntent.For(record, now);
                var saleUnknown = selling with { OutcomeUnknown = true, Attempts = selling.OutcomeUnknown ? selling.Attempts + 1 : 0 };
                return new Settled(await writer.SaveAsync(record, PaymentStateMachine.WithPending(record, saleUnknown, now)).ConfigureAwait(false), PaymentOutcome.Pending, Reason: "sale_outcome_unknown");
            case AuthorizerOutcome.Unknown:
                var unknown = new PendingOperation(AuthorizerOperation.Authorize, null, record.Amount, record.Pending?.Since ?? now, OutcomeUnknown: true, OperationKeys.Authorize(record.Id), record.Pending is { OutcomeUnknown: true } asked ? asked.Attempts + 1 : 0);
                return new Settled(await writer.SaveAsync(record, PaymentStateMachine.WithPending(record, unknown, now)).ConfigureAwait(false), PaymentOutcome.Pending, Reason: "authorization_outcome_unknown");
            default:
                // Transient failures past the retry policy, an unreachable route, a permanent failure, or a resend
                // the authorizer still never saw: nothing is held.
                var code = result.Code ?? "authorization_failed";
                var failed = await writer.SaveAsync(record, PaymentStateMachine.Fail(record, code, now)).ConfigureAwait(false);
                return new Settled(failed, PaymentOutcome.Failed, Reason: code, Advice: result.Advice ?? (result.Outcome == AuthorizerOutcome.PermanentFailure ? DeclineAdvice.DoNotRetry : DeclineAdvice.TryAgainLater));
        }
    }

    private async ValueTask<Settled> CapturedAsync(TransactionRecord record, PendingOperation pending, AuthorizerResult result, int index)
    {
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved:
                // The fee is charged on what was captured (docs/reliability.md, "Fees"), not on what was authorized.
                var fee = rules.FeeOn(record.Request, record.Captured + pending.Amount, record.CreatedAt);
                var captured = PaymentStateMachine.Capture(record, pending.Amount, pending.FinalCapture, pending.OperationKey, result.Reference, fee, now);
                return new Settled(await writer.SaveAsync(record, captured).ConfigureAwait(false), PaymentOutcome.Approved);
            case AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure:
                var decline = Decline(result, route.NameOf(index), DeclineCodes.InvalidRequest);
                var refused = PaymentStateMachine.Refuse(record, "capture_refused:" + decline.Code, now);
                if (!pending.Automatic)
                {
                    // Back to Authorized with the refusal recorded: the merchant may capture again or void.
                    return new Settled(await writer.SaveAsync(record, refused).ConfigureAwait(false), PaymentOutcome.Declined, decline, decline.Code, decline.Advice);
                }

                // An automatic capture that will never succeed: roll back, release the hold, and the payment failed.
                var rollback = PaymentStateMachine.Begin(refused, new PendingOperation(AuthorizerOperation.Void, null, record.Capturable, now, false, Rollback: true, Automatic: true, Reason: "capture_refused"), now, sameWrite: true);
                var voiding = await writer.SaveAsync(record, rollback).ConfigureAwait(false);
                var voided = await RunAsync(voiding).ConfigureAwait(false);
                return voided with { Outcome = PaymentOutcome.Failed, Decline = decline, Reason = "capture_refused:" + decline.Code, Advice = decline.Advice };
            case AuthorizerOutcome.Unknown:
                return await UnknownAsync(record, pending, "capture_outcome_unknown").ConfigureAwait(false);
            default:
                return await NotDoneAsync(record, pending, "capture_failed:" + (result.Code ?? "unknown"), result).ConfigureAwait(false);
        }
    }

    private async ValueTask<Settled> VoidedAsync(TransactionRecord record, PendingOperation pending, AuthorizerResult result, int index)
    {
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved:
                var voided = await writer.SaveAsync(record, PaymentStateMachine.Void(record, now, pending.Reason, result.Reference)).ConfigureAwait(false);
                return pending.Rollback
                    ? new Settled(voided, PaymentOutcome.Failed, Reason: pending.Reason, Advice: DeclineAdvice.DoNotRetry)
                    : new Settled(voided, PaymentOutcome.Approved);
            case AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure:
                // Back to where it was (Authorized, or Captured with the capture open), refusal recorded: it can be
                // captured or voided again; past the capture deadline recovery asks again at its longest interval.
                var decline = Decline(result, route.NameOf(index), DeclineCodes.InvalidRequest);
                var refused = await writer.SaveAsync(record, PaymentStateMachine.Refuse(record, "void_refused:" + decline.Code, now)).ConfigureAwait(false);
                PaymentCoreLog.VoidRefused(logger, record.Id, route.NameOf(index), decline.Code, refused.Status);
                return new Settled(refused, PaymentOutcome.Declined, decline, decline.Code, decline.Advice);
            case AuthorizerOutcome.Unknown:
                return await UnknownAsync(record, pending, "void_outcome_unknown").ConfigureAwait(false);
            default:
                return await NotDoneAsync(record, pending, "void_failed:" + (result.Code ?? "unknown"), result).ConfigureAwait(false);
        }
    }

    private async ValueTask<Settled> RefundedAsync(TransactionRecord record, PendingOperation pending, AuthorizerResult result, int index)
    {
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved:
                var refunded = PaymentStateMachine.Refund(record, pending.Amount, pending.OperationKey ?? pending.AuthorizerKey, result.Reference, now);
                return new Settled(await writer.SaveAsync(record, refunded).ConfigureAwait(false), PaymentOutcome.Approved);
            case AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure:
                var decline = Decline(result, route.NameOf(index), DeclineCodes.InvalidRequest);
                var refused = await writer.SaveAsync(record, PaymentStateMachine.Refuse(record, "refund_refused:" + decline.Code, now)).ConfigureAwait(false);
                return new Settled(refused, PaymentOutcome.Declined, decline, decline.Code, decline.Advice);
            case AuthorizerOutcome.Unknown:
                return await UnknownAsync(record, pending, "refund_outcome_unknown").ConfigureAwait(false);
            default:
                return await NotDoneAsync(record, pending, "refund_failed:" + (result.Code ?? "unknown"), result).ConfigureAwait(false);
        }
    }

    /// <summary>Sent, outcome unknown: keep the intent, marked unknown, for recovery to ask about; the caller is told it is pending.</summary>
    private async ValueTask<Settled> UnknownAsync(TransactionRecord record, PendingOperation pending, string reason)
    {
        var next = PaymentStateMachine.WithPending(record, pending with { OutcomeUnknown = true, Attempts = pending.OutcomeUnknown ? pending.Attempts + 1 : pending.Attempts }, time.GetUtcNow());
        return new Settled(await writer.SaveAsync(record, next).ConfigureAwait(false), PaymentOutcome.Pending, Reason: reason);
    }

    /// <summary>
    /// Not done (transient failures past the policy, nothing sent): a caller's operation is cleared and reported
    /// failed, so the caller may try again; one the processor started stays in flight, and recovery sends it again.
    /// </summary>
    private async ValueTask<Settled> NotDoneAsync(TransactionRecord record, PendingOperation pending, string reason, AuthorizerResult result)
    {
        var now = time.GetUtcNow();
        if (pending.Automatic)
        {
            // Left as it is (not unknown: it was not done); recovery sends it again once it is due.
            var retry = PaymentStateMachine.WithPending(record, pending, now);
            return new Settled(await writer.SaveAsync(record, retry).ConfigureAwait(false), PaymentOutcome.Pending, Reason: reason);
        }

        var cleared = await writer.SaveAsync(record, PaymentStateMachine.WithPending(record, null, now)).ConfigureAwait(false);
        return new Settled(cleared, PaymentOutcome.Failed, Reason: reason, Advice: result.Advice ?? DeclineAdvice.TryAgainLater);
    }

    /// <summary>
    /// Writes a sale the authorizer did. If the write fails nothing is rolled back (a capture cannot be voided, and
    /// the payer meant to pay): unless the store shows the sale recorded after all (the answer was lost), the store's
    /// exception is rethrown and the record stays Received with the sale in flight, for recovery to ask about.
    /// </summary>
    private async ValueTask<Settled> RecordSaleAsync(TransactionRecord received, TransactionRecord sold)
    {
        try
        {
            return new Settled(await writer.SaveAsync(received, sold).ConfigureAwait(false), PaymentOutcome.Approved);
        }
        catch (Exception ex) when (ex is not ConcurrentUpdateException)
        {
            if (await writer.TryGetAsync(received.Id).ConfigureAwait(false) is { Status: TransactionStatus.Captured, Version: var version } stored && version == sold.Version)
            {
                return new Settled(stored, PaymentOutcome.Approved); // applied, its answer lost
            }

            throw;
        }
    }

    /// <summary>
    /// Writes an approved authorization. If the write fails, the hold must not outlive it: unless the store shows
    /// the authorization recorded after all, it is voided (rollback), the payment recorded as failed, and the
    /// store's exception rethrown. A void that cannot be done now is recorded pending, for recovery.
    /// </summary>
    private async ValueTask<TransactionRecord> RecordAuthorizationAsync(TransactionRecord received, TransactionRecord authorized, int index)
    {
        try
        {
            return await writer.SaveAsync(received, authorized).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to record an approved hold is rolled back, then rethrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var stored = await writer.TryGetAsync(received.Id).ConfigureAwait(false);
            if (stored is null)
            {
                // Cannot tell whether the write was applied. Voiding blind could leave a record that says
                // Authorized over a released hold; recovery asks the authorizer and settles it instead.
                throw;
            }

            if (!stored.AwaitsAuthorization && !stored.IsTerminal)
            {
                return stored; // the write was applied (its answer was lost), or another instance recorded the same authorization
            }

            // Still Received (not written), or already terminal (a racing recovery failed it): the hold must go. The
            // rollback's key is the one the authorized record's next operation would get, so recovery can ask for it.
            PaymentCoreLog.AuthorizationNotRecorded(logger, ex, received.Id, ex.GetType().Name);
            var now = time.GetUtcNow();
            var withoutIntent = authorized with { Pending = null, Operations = 1 };
            var rollback = PaymentStateMachine.Begin(withoutIntent, new PendingOperation(AuthorizerOperation.Void, null, authorized.Authorized, now, false, Rollback: true, Automatic: true, Reason: "authorization_rolled_back"), now, sameWrite: true);
            var voided = await route.SendAsync(AuthorizerRoute.RequestFor(rollback), index).ConfigureAwait(false);
            if (stored.AwaitsAuthorization)
            {
                var recorded = voided.Result.IsApproved
                    ? PaymentStateMachine.Fail(received, "authorization_rolled_back", now)
                    : PaymentStateMachine.WithPending(rollback, rollback.Pending! with { OutcomeUnknown = voided.Result.Outcome == AuthorizerOutcome.Unknown }, now) with { Version = authorized.Version };
                try
                {
                    await writer.SaveAsync(received, recorded).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The store is failing: recovery finds the record Received, asks the authorizer and finishes.
                catch (Exception inner)
#pragma warning restore CA1031
                {
                    PaymentCoreLog.RollbackNotRecorded(logger, inner, received.Id, inner.GetType().Name);
                }
            }

            throw;
        }
    }

    private static DeclineInfo Decline(AuthorizerResult result, string by, string fallbackCode)
    {
        var code = result.Code ?? fallbackCode;
        var advice = result.Advice ?? (result.Outcome == AuthorizerOutcome.PermanentFailure ? DeclineAdvice.DoNotRetry : DeclineCodes.AdviceFor(code));
        return new DeclineInfo(code, by, result.Message ?? "Refused by the authorizer.", advice, DeclineCodes.PayerMessageFor(advice));
    }
}
