using Microsoft.Extensions.Logging;
using PaymentCore.Audit;
using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Runs a payment's step-up: issues the built-in challenge a rule asked for, checks the payer's answers (every one
/// audited, each kept under its confirm key), forwards the answer to the authorizer's own challenge, and lets the
/// authorization go only after a success. Wrong answers spend attempts; the last declines with advice; a late one
/// fails the payment.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: stateless over thread-safe collaborators. Concurrent answers are serialised by the record's
/// version: the loser reads the record again and answers from what it says, so two right answers authorize once.
/// </para>
/// <para>
/// Every challenge and attempt entry goes with the record change it explains: on an audited store
/// (<see cref="TransactionWriter.Audits"/>) in the same store write (<see cref="TransactionWriter.SaveAsync"/> with
/// <c>audit</c>), so the entry and the change are both written or neither is; a write that loses a race writes no
/// entry, and the retry that answers from the winner's record audits what it does. Only on a store that keeps no
/// chain is <c>audit</c> (the <see cref="AuditTrail"/> the processor was given) used, appended after the write: not
/// atomic, which such a store cannot be. Actors are explicit, not ambient, as before: an attempt names the
/// payment's merchant (the party that answered, whoever the caller's scope names), a challenge the system.
/// </para>
/// </remarks>
internal sealed class StepUpCoordinator(OperationRunner runner, IReadOnlyList<IStepUpAuthenticator> authenticators, AuditTrail? audit, TimeProvider time, ILogger logger)
{
    /// <summary>How long the authorizer's challenge waits when it gives no expiry (EMV 3-D Secure challenges allow at least 5 minutes).</summary>
    public static readonly TimeSpan AuthorizerChallengeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The longest answer accepted: a 3-D Secure result is a few kilobytes at most.</summary>
    public const int MaxResponseLength = 8192;

    // A confirm that loses the race for the version reads again and retries; past this, the other writers keep winning.
    private const int MaxRaces = 4;

    /// <summary>The advice of a failed payment, by its reason: an expired or unsent step-up may simply be started again.</summary>
    public static DeclineAdvice FailureAdvice(string? reason) => reason switch
    {
        "step_up_unavailable" => DeclineAdvice.DoNotRetry, // the same payment would meet the same configuration
        _ => DeclineAdvice.TryAgainLater,
    };

    /// <summary>The first record of a payment a rule lets go only after step-up: RequiresAction, no challenge yet.</summary>
    public static TransactionRecord Waiting(TransactionId id, PaymentRequest request, RuleEvaluation evaluation, DateTimeOffset now)
    {
        var demand = evaluation.StepUp!;
        var state = new StepUpState
        {
            Trigger = StepUpTrigger.Rule,
            RequestedBy = demand.RuleName,
            Reason = demand.Reason,
            RequestedMethod = demand.Method,
            ExpiresAt = now + AuthorizerChallengeLifetime, // replaced by the challenge's own expiry once issued
        };
        return PaymentStateMachine.ReceivedRequiringAction(id, request, evaluation.Fee, state, now);
    }

    /// <summary>A batch item cannot step up: the decline that rejects it (ISO 20022 AG01, with the reason).</summary>
    public static DeclineInfo Unavailable(string requestedBy, string reason) => new(
        DeclineCodes.StepUpUnavailable,
        requestedBy,
        $"Step-up authentication was asked for ({reason}), but a batch item cannot step up: the payer is not there to answer.",
        DeclineAdvice.DoNotRetry,
        DeclineCodes.PayerMessageFor(DeclineAdvice.DoNotRetry));

    /// <summary>Issues the challenge of a payment created in RequiresAction, and says what the payer must do.</summary>
    public async ValueTask<PaymentResult> IssueAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        var state = record.StepUp!;
        var request = new StepUpRequest(record.Id.ToString(), record.Request.Payer.Token);
        foreach (var authenticator in authenticators)
        {
            if (state.RequestedMethod is { } method && !string.Equals(authenticator.Method, method, StringComparison.Ordinal))
            {
                continue;
            }

            StepUpChallenge challenge;
            try
            {
                challenge = await authenticator.BeginAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                continue; // this payer cannot use this method (no TOTP enrolment): the next one may do
            }
#pragma warning disable CA1031 // The code was not sent (a notifier outage): nothing is held, the payment fails and may be started again.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "The step-up challenge of {TransactionId} could not be issued by {Method}.", record.Id, authenticator.Method);
                var notIssued = new Entry(AuditEvent.SystemActor, AuditEventTypes.StepUpChallenge, AuditOutcome.Failure, $"{authenticator.Method}: not issued ({ex.GetType().Name}).");
                return await EndAsync(record, PaymentStateMachine.Fail(record, "step_up_not_issued", time.GetUtcNow()), PaymentOperation.Process, notIssued).ConfigureAwait(false);
            }

            var entry = new Entry(AuditEvent.SystemActor, AuditEventTypes.StepUpChallenge, AuditOutcome.Success, $"{challenge.Method} challenge issued ({state.Reason}, asked by {state.RequestedBy}); expires {challenge.ExpiresAt:O}.");
            var issued = PaymentStateMachine.WithStepUp(record, state with { Challenge = challenge, ExpiresAt = challenge.ExpiresAt }, time.GetUtcNow());
            return await EndAsync(record, issued, PaymentOperation.Process, entry).ConfigureAwait(false);
        }

        // No authenticator can challenge this payer: it cannot prove who it is, so the payment cannot go on.
        var decline = new DeclineInfo(DeclineCodes.StepUpUnavailable, state.RequestedBy, "Step-up authentication was asked for, but no authenticator can challenge this payer.", DeclineAdvice.DoNotRetry, DeclineCodes.PayerMessageFor(DeclineAdvice.DoNotRetry));
        return await EndAsync(record, PaymentStateMachine.Decline(record, decline, time.GetUtcNow()), PaymentOperation.Process).ConfigureAwait(false);
    }

    /// <summary>A batch item the authorizer asked to authenticate: declined at once, since nobody can answer.</summary>
    public ValueTask<PaymentResult> RefuseAsync(TransactionRecord record) =>
        EndAsync(record, PaymentStateMachine.Decline(record, Unavailable(record.StepUp?.RequestedBy ?? "authorizer", record.StepUp?.Reason ?? "authentication_required"), time.GetUtcNow()), PaymentOperation.Process);

    /// <summary><see cref="PaymentProcessor.ConfirmStepUpAsync"/>.</summary>
    public async ValueTask<PaymentResult> ConfirmAsync(string merchantId, TransactionId id, string response, string confirmKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        OperationKeyRules.Check(confirmKey, nameof(confirmKey), required: true);
        CheckResponse(response);
        for (var race = 0; ; race++)
        {
            // Another merchant's payment does not exist for this one.
            var record = MerchantScope.Require(await runner.Writer.Store.GetAsync(id, cancellationToken).ConfigureAwait(false), id, merchantId);

            try
            {
                return await ConfirmOnceAsync(record, response, confirmKey, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrentUpdateException) when (race < MaxRaces)
            {
                // Another answer (or recovery) changed the record first: read it again and answer from it.
            }
        }
    }

    private async ValueTask<PaymentResult> ConfirmOnceAsync(TransactionRecord record, string response, string confirmKey, CancellationToken cancellationToken)
    {
        var state = record.StepUp ?? throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Authorized);
        if (state.ConfirmationFor(confirmKey) is { } recorded)
        {
            return recorded.Verdict is StepUpVerdict.WrongCode or StepUpVerdict.CodeReused
                ? Waiting(record, replayed: true, recorded.Verdict.ToString())
                : AsConfirm(RecordedOutcome.OfPayment(record, replayed: true), replayed: true);
        }

        if (record.Status != TransactionStatus.RequiresAction || state.Satisfied)
        {
            // Stepped up already (another answer won), or the payment ended: nothing more to do; say what it came to.
            return AsConfirm(RecordedOutcome.OfPayment(record, replayed: true), replayed: true);
        }

        if (!state.IsIssued)
        {
            return Waiting(record, replayed: true, "step_up_not_issued");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        if (now >= state.ExpiresAt)
        {
            var late = Attempt(record, AuditOutcome.Failure, $"{state.Method}: answered after the challenge expired at {state.ExpiresAt:O}.");
            return await EndAsync(record, PaymentStateMachine.Fail(record, "step_up_expired", now), PaymentOperation.ConfirmStepUp, late).ConfigureAwait(false);
        }

        return state.Trigger == StepUpTrigger.Authorizer
            ? await ForwardAsync(record, state, response, confirmKey, now).ConfigureAwait(false)
            : await VerifyAsync(record, state, response, confirmKey, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<PaymentResult> VerifyAsync(TransactionRecord record, StepUpState state, string response, string confirmKey, CancellationToken cancellationToken)
    {
        var challenge = state.Challenge!;
        var authenticator = Find(challenge.Method);
        if (authenticator is null)
        {
            // The authenticator that issued the challenge is no longer configured: nobody can check the answer.
            var nobody = Attempt(record, AuditOutcome.Failure, $"{challenge.Method}: no such authenticator is configured.");
            return await EndAsync(record, PaymentStateMachine.Fail(record, "step_up_unavailable", time.GetUtcNow()), PaymentOperation.ConfirmStepUp, nobody).ConfigureAwait(false);
        }

        var result = await authenticator.VerifyAsync(challenge, response, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();

        // Audited with the write that records it: if the write loses a race neither is written, and the retry checks
        // the answer against the winner's record and audits that attempt instead (one entry per recorded attempt).
        var attempt = Attempt(record, result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure, $"{challenge.Method}: {result.Verdict}; {result.AttemptsLeft} attempts left.");
        var next = state with
        {
            Challenge = result.Challenge,
            ExpiresAt = result.Challenge.ExpiresAt,
            Satisfied = result.Succeeded,
            Confirmations = state.Confirmations.Add(new StepUpConfirmation(confirmKey, result.Verdict, now, result.AttemptsLeft)),
        };
        var answered = PaymentStateMachine.WithStepUp(record, next, now);
        var ending = record with { StepUp = next }; // a final answer and its end in one write
        switch (result.Verdict)
        {
            case StepUpVerdict.Succeeded:
                var stepped = await SaveAsync(record, answered, attempt).ConfigureAwait(false);
                return await AuthorizeAsync(stepped, runner.RunAsync(stepped)).ConfigureAwait(false);
            case StepUpVerdict.Expired:
                return await EndAsync(record, PaymentStateMachine.Fail(ending, "step_up_expired", now), PaymentOperation.ConfirmStepUp, attempt).ConfigureAwait(false);
            case StepUpVerdict.WrongCode or StepUpVerdict.CodeReused:
                var wrong = await SaveAsync(record, answered, attempt).ConfigureAwait(false);
                return Waiting(wrong, replayed: false, result.Verdict.ToString(), result.Advice);
            default:
                // The last attempt is spent (or they already were): declined, with advice, nothing held.
                var decline = new DeclineInfo(DeclineCodes.StepUpFailed, "step_up:" + challenge.Method, "The payer did not prove who they are: too many wrong answers.", DeclineAdvice.DoNotRetry, result.Advice ?? DeclineCodes.PayerMessageFor(DeclineAdvice.DoNotRetry));
                return await EndAsync(record, PaymentStateMachine.Decline(ending, decline, now), PaymentOperation.ConfirmStepUp, attempt).ConfigureAwait(false);
        }
    }

    private async ValueTask<PaymentResult> ForwardAsync(TransactionRecord record, StepUpState state, string response, string confirmKey, DateTimeOffset now)
    {
        var index = runner.Route.IndexOf(state.RequestedBy);
        if (index < 0)
        {
            var offRoute = Attempt(record, AuditOutcome.Failure, $"authorizer {state.RequestedBy} is no longer on the route.");
            return await EndAsync(record, PaymentStateMachine.Fail(record, "step_up_unavailable", now), PaymentOperation.ConfirmStepUp, offRoute).ConfigureAwait(false);
        }

        // The answer is the authorizer's to judge. Recorded first, as an intent: from this write on the
        // authorization may happen, so recovery asks the authorizer about it instead of failing the payment.
        var handedOn = Attempt(record, AuditOutcome.Success, $"authorizer challenge answered; forwarded to {state.RequestedBy}.");
        var next = state with { Satisfied = true, Confirmations = state.Confirmations.Add(new StepUpConfirmation(confirmKey, StepUpVerdict.Succeeded, now, 0)) };
        var forwarded = await SaveAsync(record, PaymentStateMachine.WithStepUp(record, next, now), handedOn).ConfigureAwait(false);
        var answer = await runner.Route.CompleteAuthenticationAsync(index, runner.Route.FirstOperationAt(forwarded, index), response).ConfigureAwait(false);
        return await AuthorizeAsync(forwarded, runner.ApplyAsync(forwarded, answer, index)).ConfigureAwait(false);
    }

    /// <summary>Finishes the authorization a step-up let go; if another writer recorded it first, answers from the record.</summary>
    private async ValueTask<PaymentResult> AuthorizeAsync(TransactionRecord stepped, ValueTask<Settled> authorization)
    {
        try
        {
            var settled = await authorization.ConfigureAwait(false);
            return settled.ToResult(PaymentOperation.ConfirmStepUp);
        }
        catch (ConcurrentUpdateException)
        {
            // Recovery took the authorization up (it outlived RecoverAfter): the record says what it came to. Never
            // rethrown to the retry loop, which would check the answer a second time.
            var current = await runner.Writer.TryGetAsync(stepped.Id).ConfigureAwait(false) ?? throw new TransactionNotFoundException(stepped.Id);
            return AsConfirm(RecordedOutcome.OfPayment(current, replayed: false), replayed: false);
        }
    }

    /// <summary>Writes a change that ends or issues a step-up and answers from it; a lost race answers from the winner's record.</summary>
    private async ValueTask<PaymentResult> EndAsync(TransactionRecord previous, TransactionRecord next, PaymentOperation operation, Entry? entry = null)
    {
        TransactionRecord written;
        try
        {
            written = await SaveAsync(previous, next, entry).ConfigureAwait(false);
        }
        catch (ConcurrentUpdateException) when (operation == PaymentOperation.Process)
        {
            // A replay of the same request (or recovery) wrote first: what the record says is the answer.
            written = await runner.Writer.TryGetAsync(previous.Id).ConfigureAwait(false) ?? throw new TransactionNotFoundException(previous.Id);
        }

        var result = RecordedOutcome.OfPayment(written, replayed: false);
        return operation == PaymentOperation.Process ? result : AsConfirm(result, replayed: false);
    }

    private static PaymentResult Waiting(TransactionRecord record, bool replayed, string reason, string? message = null) =>
        new(record, PaymentOperation.ConfirmStepUp, record.Status == TransactionStatus.RequiresAction && record.StepUp is { Satisfied: false } ? PaymentOutcome.RequiresAction : RecordedOutcome.OfPayment(record, replayed).Outcome, replayed, reason: reason)
        {
            NextAction = record.StepUp?.NextAction(message),
        };

    private static PaymentResult AsConfirm(PaymentResult result, bool replayed) =>
        new(result.Transaction, PaymentOperation.ConfirmStepUp, result.Outcome, replayed, result.Decline, result.FailureReason ?? result.PendingReason, result.Advice)
        {
            NextAction = result.NextAction,
        };

    private IStepUpAuthenticator? Find(string method)
    {
        foreach (var authenticator in authenticators)
        {
            if (string.Equals(authenticator.Method, method, StringComparison.Ordinal))
            {
                return authenticator;
            }
        }

        return null;
    }

    private static void CheckResponse(string? response)
    {
        // Typed errors that name the field and the rule, never the value: it may be a code.
        if (string.IsNullOrWhiteSpace(response))
        {
            throw new PaymentValidationException(new ValidationError(nameof(response), ValidationRules.Required, "The step-up response is required."));
        }

        if (response.Length > MaxResponseLength)
        {
            throw new PaymentValidationException(new ValidationError(nameof(response), ValidationRules.MaximumLength, $"The step-up response has {response.Length} characters; at most {MaxResponseLength} are allowed."));
        }

        foreach (var c in response)
        {
            if (char.IsControl(c))
            {
                throw new PaymentValidationException(new ValidationError(nameof(response), ValidationRules.NoControlCharacters, "The step-up response holds a control character."));
            }
        }
    }

    private static Entry Attempt(TransactionRecord record, AuditOutcome outcome, string detail) =>
        new(record.MerchantId, AuditEventTypes.StepUpAttempt, outcome, detail);

    /// <summary>Writes a change with the entry that explains it: in the same store write when the store is audited.</summary>
    /// <exception cref="ConcurrentUpdateException">The record moved on; nothing was written, and no entry.</exception>
    private async ValueTask<TransactionRecord> SaveAsync(TransactionRecord previous, TransactionRecord next, Entry? entry)
    {
        var writer = runner.Writer;
        if (entry is not { } e)
        {
            return await writer.SaveAsync(previous, next).ConfigureAwait(false);
        }

        if (writer.Audits)
        {
            // The resource is the payment; the detail says the method and verdict, never the answer or a code.
            return await writer.SaveAsync(previous, next, audit: [writer.NewAuditEvent(e.EventType, e.Outcome, previous.Id, e.Detail, e.Actor)]).ConfigureAwait(false);
        }

        var written = await writer.SaveAsync(previous, next).ConfigureAwait(false);
        if (audit is not null)
        {
            // A store without a chain: appended after the change, so an entry never tells of a change that was not made.
            await audit.RecordAsync(e.Actor, e.EventType, e.Outcome, "transaction/" + previous.Id, detail: e.Detail, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }

        return written;
    }

    /// <summary>A challenge or attempt entry, made into an <see cref="AuditEvent"/> only when its change is written.</summary>
    private readonly record struct Entry(string Actor, string EventType, AuditOutcome Outcome, string Detail);
}
