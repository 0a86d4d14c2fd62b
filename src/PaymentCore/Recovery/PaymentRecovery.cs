using Microsoft.Extensions.Logging;
using PaymentCore.Authorization;
using PaymentCore.Processing;
using PaymentCore.Telemetry;
using PaymentCore.Transactions;

namespace PaymentCore.Recovery;

/// <summary>
/// Drives due records (<see cref="TransactionRecord.DueAt"/>) to a settled state: asks the authorizer what
/// happened, then does what <see cref="Reconciler.Decide"/> says. Safe in several instances at once: every write is
/// at the version read, and a lost race is skipped.
/// </summary>
/// <remarks>Thread-safe: stateless over thread-safe collaborators.</remarks>
internal sealed class PaymentRecovery(OperationRunner runner, PaymentProcessorOptions options, TimeProvider time, ILogger logger, PaymentCoreMetrics metrics)
{
    // Ask, then act: at most ask-authorize, ask-rollback, act (and the capture an authorization starts).
    private const int MaxSteps = 4;

    public async ValueTask<RecoverySummary> RecoverAsync(CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var records = await runner.Writer.Store.GetDueAsync(time.GetUtcNow(), options.RecoveryBatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tally.Examined++;
            try
            {
                await RecoverOneAsync(record, tally).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConcurrentUpdateException or OperationInProgressException)
            {
                tally.LostRaces++; // another instance (or the original caller) got there first
            }
#pragma warning disable CA1031 // One record's fault (a store outage) must not stop the others; the next pass retries it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PaymentCoreLog.RecoveryFailed(logger, ex, record.Id, ex.GetType().Name);
                tally.Unresolve("store_error");
            }
        }

        var summary = tally.ToSummary();
        metrics.RecordRecovery(summary);
        if (summary.Examined > 0)
        {
            var resolved = summary.Authorized + summary.Captured + summary.Voided + summary.Refunded + summary.Declined + summary.Failed;
            PaymentCoreLog.Recovered(logger, summary.Examined, resolved, summary.Unresolved, summary.LostRaces);
        }

        return summary;
    }

    private async ValueTask RecoverOneAsync(TransactionRecord record, Tally tally)
    {
        var view = AuthorizerView.None;
        var route = runner.Route;
        for (var step = 0; step < MaxSteps; step++)
        {
            var action = Reconciler.Decide(record, view, time.GetUtcNow(), options);
            switch (action.Kind)
            {
                case RecoveryActionKind.Ask:
                    view = record.AwaitsAuthorization || record.Status == TransactionStatus.RequiresAction
                        ? await AskRouteAsync(record).ConfigureAwait(false)
                        : new AuthorizerView(await route.QueryAsync(route.HolderOf(record), AuthorizerRoute.RequestFor(record)).ConfigureAwait(false), route.HolderOf(record));
                    continue;
                case RecoveryActionKind.AskRollbackVoid:
                    view = view with { RollbackVoid = await route.QueryAsync(view.Index, RollbackVoidOf(record)).ConfigureAwait(false) };
                    continue;
                case RecoveryActionKind.Apply:
                    var applied = await runner.ApplyAsync(record, view.Answer!.Value, view.Index).ConfigureAwait(false);
                    if ((record.AwaitsAuthorization || record.Status == TransactionStatus.RequiresAction) && applied.Record.Status is not (TransactionStatus.Declined or TransactionStatus.Failed or TransactionStatus.RequiresAction))
                    {
                        tally.Authorized++;
                    }

                    tally.Count(applied);
                    return;
                case RecoveryActionKind.Resend:
                    tally.Count(await runner.RunAsync(record).ConfigureAwait(false));
                    return;
                case RecoveryActionKind.RetryLater:
                    await AskAgainLaterAsync(record).ConfigureAwait(false);
                    tally.Unresolve(action.Reason!);
                    return;
                case RecoveryActionKind.RecordAuthorizedThenVoided:
                    await RecordAuthorizedThenVoidedAsync(record, view).ConfigureAwait(false);
                    tally.Authorized++;
                    tally.Voided++;
                    return;
                case RecoveryActionKind.Fail:
                    await runner.Writer.SaveAsync(record, PaymentStateMachine.Fail(record, action.Reason!, time.GetUtcNow())).ConfigureAwait(false);
                    tally.Failed++;
                    return;
                case RecoveryActionKind.StartCapture:
                    var capturing = await runner.BeginAsync(record, new PendingOperation(AuthorizerOperation.Capture, null, record.Capturable, time.GetUtcNow(), false, Automatic: true), PaymentOperation.Capture).ConfigureAwait(false);
                    tally.Count(await runner.RunAsync(capturing).ConfigureAwait(false));
                    return;
                case RecoveryActionKind.StartVoid:
                    var voiding = await runner.BeginAsync(record, new PendingOperation(AuthorizerOperation.Void, null, record.Capturable, time.GetUtcNow(), false, Automatic: true, Reason: action.Reason), PaymentOperation.Void).ConfigureAwait(false);
                    tally.Count(await runner.RunAsync(voiding).ConfigureAwait(false));
                    return;
                default:
                    // Not due after all (a merchant acted since it was listed); write its due time again so it leaves the list.
                    await runner.Writer.SaveAsync(record, record with { Version = record.Version + 1 }).ConfigureAwait(false);
                    return;
            }
        }

        tally.Unresolve("no_decision");
    }

    /// <summary>
    /// A Received record: asks each authorizer of the route about what the live path sent it (the sale, where the
    /// record chose it and that authorizer sells the payment; else the authorization); the first that knows it
    /// answers. "Never seen" only if none saw it.
    /// </summary>
    private async ValueTask<AuthorizerView> AskRouteAsync(TransactionRecord record)
    {
        AuthorizerResult? unknown = null;
        for (var index = 0; index < runner.Route.Count; index++)
        {
            var request = runner.Route.FirstOperationAt(record, index);
            var answer = await runner.Route.QueryAsync(index, request).ConfigureAwait(false);
            if (answer.Outcome is AuthorizerOutcome.Approved or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure or AuthorizerOutcome.AuthenticationRequired)
            {
                return new AuthorizerView(answer, index, Sale: request.Operation == AuthorizerOperation.Sale);
            }

            if (answer.Outcome != AuthorizerOutcome.NotFound)
            {
                unknown = answer;
            }
        }

        return new AuthorizerView(unknown ?? AuthorizerResult.NotFound());
    }

    /// <summary>Writes the record again with one more unanswered query, which moves its due time along the backoff.</summary>
    private async ValueTask AskAgainLaterAsync(TransactionRecord record)
    {
        var now = time.GetUtcNow();
        var pending = record.Pending
            ?? (SaleIntent.Of(record) ? SaleIntent.For(record, record.UpdatedAt) : new PendingOperation(AuthorizerOperation.Authorize, null, record.Amount, record.UpdatedAt, OutcomeUnknown: true, OperationKeys.Authorize(record.Id)));
        await runner.Writer.SaveAsync(record, PaymentStateMachine.WithPending(record, pending with { OutcomeUnknown = true, Attempts = pending.Attempts + 1 }, now)).ConfigureAwait(false);
    }

    private async ValueTask RecordAuthorizedThenVoidedAsync(TransactionRecord record, AuthorizerView view)
    {
        // Two writes, two events: the payer's bank did hold the money, then released it. The first write carries
        // the rollback void as its intent (operation 2, the key it was sent with): if the second write is lost, the
        // record says a void is in flight, and recovery asks for it, instead of an Authorized record with nothing
        // in flight over a released hold, which recovery would capture.
        var now = time.GetUtcNow();
        var answer = view.Answer!.Value;
        var authorized = PaymentStateMachine.Authorize(record, runner.Route.NameOf(view.Index), answer.AuthorizationCode, answer.Reference, now) with { Operations = 1 };
        var rollback = new PendingOperation(AuthorizerOperation.Void, null, authorized.Authorized, now, false, Rollback: true, Automatic: true, Reason: "authorization_rolled_back");
        authorized = await runner.Writer.SaveAsync(record, PaymentStateMachine.Begin(authorized, rollback, now, sameWrite: true)).ConfigureAwait(false);
        await runner.Writer.SaveAsync(authorized, PaymentStateMachine.Void(authorized, now, "authorization_rolled_back", view.RollbackVoid?.Reference)).ConfigureAwait(false);
    }

    /// <summary>The rollback void a failed authorization write sends: the authorized record's next operation (number 2).</summary>
    private static AuthorizerRequest RollbackVoidOf(TransactionRecord record) =>
        new(AuthorizerOperation.Void, record.Id, OperationKeys.For(record.Id, AuthorizerOperation.Void, 2), record.Amount, record.Request);

    private sealed class Tally
    {
        private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);

        public int Examined { get; set; }

        public int Authorized { get; set; }

        public int Captured { get; set; }

        public int Voided { get; set; }

        public int Refunded { get; set; }

        public int Declined { get; set; }

        public int Failed { get; set; }

        public int Unresolved { get; set; }

        public int LostRaces { get; set; }

        public void Unresolve(string reason)
        {
            Unresolved++;
            _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
        }

        public void Count(Settled settled)
        {
            var last = settled.Record.History[^1];
            switch (settled.Outcome)
            {
                case PaymentOutcome.Pending:
                    Unresolve(settled.Reason ?? "outcome_unknown");
                    break;
                case PaymentOutcome.Declined:
                    Declined++;
                    break;
                case PaymentOutcome.Failed when settled.Record.Status == TransactionStatus.Voided:
                    Voided++; // a rollback: the payment failed, and its hold was released
                    break;
                case PaymentOutcome.Failed:
                    Failed++;
                    break;
                default:
                    switch (last.Operation)
                    {
                        case AuthorizerOperation.Capture:
                            Captured++;
                            break;
                        case AuthorizerOperation.Void:
                            Voided++;
                            break;
                        case AuthorizerOperation.Refund:
                            Refunded++;
                            break;
                    }

                    break;
            }
        }

        public RecoverySummary ToSummary() => new(Examined, Authorized, Captured, Voided, Refunded, Declined, Failed, Unresolved, LostRaces, _reasons);
    }
}
