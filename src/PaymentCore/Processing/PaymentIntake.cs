using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Takes a new payment: validates the request, runs the rules, creates its record under its idempotency key (or
/// answers from the record already there), then issues the step-up a rule asked for or sends the authorization.
/// </summary>
/// <remarks>Thread-safe: stateless over thread-safe collaborators; one key, one record, decided by the store's create.</remarks>
internal sealed class PaymentIntake(OperationRunner runner, RuleChain rules, StepUpCoordinator stepUp, TransactionIdDerivation ids, TimeProvider time)
{
    /// <summary>
    /// Takes the payment (<see cref="PaymentProcessor.ProcessAsync(PaymentRequest, CancellationToken)"/>); with
    /// <paramref name="allowStepUp"/> false a demand for step-up declines it instead.
    /// </summary>
    public async ValueTask<PaymentResult> TakeAsync(PaymentRequest request, CardVerificationCode? verificationCode, bool allowStepUp, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            throw new PaymentValidationException(errors);
        }

        runner.Route.CheckGranularity(request.Amount);
        var id = ids.For(request.MerchantId, request.IdempotencyKey);

        // No read before the create: CreateAsync answers with the record already under the key, so a new payment
        // costs one store round trip, not two. The rules are pure, so evaluating them for a replay changes nothing.
        var now = time.GetUtcNow();
        var evaluation = rules.Evaluate(request, await rules.ContextAsync(runner.Writer.Store, request, now, cancellationToken).ConfigureAwait(false));
        var record = (evaluation switch
        {
            { IsApproved: false } => PaymentStateMachine.DeclinedByRule(id, request, evaluation.Decline!, now),
            { StepUp: { } demand } when !allowStepUp => PaymentStateMachine.DeclinedByRule(id, request, StepUpCoordinator.Unavailable(demand.RuleName, demand.Reason), now),
            { StepUp: not null } => StepUpCoordinator.Waiting(id, request, evaluation, now),
            _ => runner.Received(id, request, evaluation.Fee, now),
        }) with { RuleDecisions = evaluation.Decisions };
        if (await runner.Writer.CreateAsync(record, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var differing = existing.Request.DifferingFields(request);
            return differing.Count > 0
                ? throw new IdempotencyConflictException(existing.Id, request.IdempotencyKey, differing)
                : existing is { Status: TransactionStatus.RequiresAction, StepUp: { Trigger: StepUpTrigger.Rule, IsIssued: false } }
                    ? await stepUp.IssueAsync(existing, cancellationToken).ConfigureAwait(false) // the first call stopped before issuing it
                    : RecordedOutcome.OfPayment(existing, replayed: true);
        }

        if (record.Status == TransactionStatus.RequiresAction)
        {
            return await stepUp.IssueAsync(record, cancellationToken).ConfigureAwait(false);
        }

        if (record.Status != TransactionStatus.Received)
        {
            return RecordedOutcome.OfPayment(record, replayed: false);
        }

        // From here on nothing is cancelled: an authorization may be in flight and its outcome must be recorded.
        var result = await CallerAnswer.RunAsync(runner, record, PaymentOperation.Process, verificationCode).ConfigureAwait(false);
        return result.Outcome != PaymentOutcome.RequiresAction || allowStepUp ? result : await stepUp.RefuseAsync(result.Transaction).ConfigureAwait(false);
    }
}
