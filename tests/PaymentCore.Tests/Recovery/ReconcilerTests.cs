using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Recovery;

/// <summary>
/// Issue 9: recovery's decisions as a table, one row per state × authorizer answer. <see cref="Reconciler.Decide"/>
/// is pure, so each row builds a record through the state machine, names what the authorizer said, and checks the
/// next action (and its reason) without any store or authorizer.
/// </summary>
public sealed class ReconcilerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PaymentProcessorOptions Options = new() { CaptureDeadline = TimeSpan.FromDays(7) };

    public enum State
    {
        Received,
        AuthorizedAutomatic,
        AuthorizedManual,
        AuthorizedAutomaticCaptureRefused,
        CapturePending,
        VoidPending,
        RefundPending,
        CapturedOpen,
        CapturedClosed,
        Voided,

        // Issue 13: waiting for the payer's step-up.
        StepUpWaiting,
        StepUpNotIssued,
        StepUpSatisfied,
        AuthorizerChallenge,
    }

    public enum Answer
    {
        None,
        Approved,
        Declined,
        PermanentFailure,
        TransientFailure,
        Unreachable,
        Unknown,
        NotFound,
        AuthenticationRequired,
    }

    /// <summary>Every row: the state, what the authorizer said (and of the rollback void), how long after creation, and the decision.</summary>
    public static TheoryData<State, Answer, Answer, int, string, string?> Table() => new()
    {
        // An authorization in flight or unknown: ask each authorizer; an approval is checked against its rollback void.
        { State.Received, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.Ask), null },
        { State.Received, Answer.Approved, Answer.None, 0, nameof(RecoveryActionKind.AskRollbackVoid), null },
        { State.Received, Answer.Approved, Answer.NotFound, 0, nameof(RecoveryActionKind.Apply), null },
        { State.Received, Answer.Approved, Answer.Approved, 0, nameof(RecoveryActionKind.RecordAuthorizedThenVoided), null },
        { State.Received, Answer.Approved, Answer.Declined, 0, nameof(RecoveryActionKind.Apply), null },
        { State.Received, Answer.Approved, Answer.PermanentFailure, 0, nameof(RecoveryActionKind.Apply), null },
        { State.Received, Answer.Approved, Answer.Unknown, 0, nameof(RecoveryActionKind.RetryLater), "rollback_void_unknown" },
        { State.Received, Answer.Declined, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.Received, Answer.PermanentFailure, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.Received, Answer.NotFound, Answer.None, 0, nameof(RecoveryActionKind.Fail), "authorization_not_completed" },
        { State.Received, Answer.Unknown, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "authorization_outcome_unknown" },
        { State.Received, Answer.TransientFailure, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "authorization_outcome_unknown" },
        { State.Received, Answer.Unreachable, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "authorization_outcome_unknown" },
        { State.Received, Answer.AuthenticationRequired, Answer.None, 0, nameof(RecoveryActionKind.Apply), null }, // recorded RequiresAction

        // Waiting for the payer: nothing before the step-up expires; a built-in challenge then fails; the authorizer's
        // challenge is asked about first (the payer may have completed it at the bank); stepped up is an authorization.
        { State.StepUpWaiting, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.Nothing), null },
        { State.StepUpWaiting, Answer.None, Answer.None, 1, nameof(RecoveryActionKind.Fail), "step_up_expired" },
        { State.StepUpNotIssued, Answer.None, Answer.None, 1, nameof(RecoveryActionKind.Fail), "step_up_not_issued" },
        { State.StepUpSatisfied, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.Ask), null },
        { State.StepUpSatisfied, Answer.Approved, Answer.NotFound, 0, nameof(RecoveryActionKind.Apply), null },
        { State.StepUpSatisfied, Answer.NotFound, Answer.None, 0, nameof(RecoveryActionKind.Fail), "authorization_not_completed" },
        { State.StepUpSatisfied, Answer.AuthenticationRequired, Answer.None, 0, nameof(RecoveryActionKind.Apply), null }, // declined: authentication_failed
        { State.AuthorizerChallenge, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.Nothing), null },
        { State.AuthorizerChallenge, Answer.None, Answer.None, 1, nameof(RecoveryActionKind.Ask), null },
        { State.AuthorizerChallenge, Answer.Approved, Answer.None, 1, nameof(RecoveryActionKind.Apply), null },
        { State.AuthorizerChallenge, Answer.Declined, Answer.None, 1, nameof(RecoveryActionKind.Apply), null },
        { State.AuthorizerChallenge, Answer.NotFound, Answer.None, 1, nameof(RecoveryActionKind.Fail), "step_up_expired" },
        { State.AuthorizerChallenge, Answer.AuthenticationRequired, Answer.None, 1, nameof(RecoveryActionKind.Fail), "step_up_expired" },
        { State.AuthorizerChallenge, Answer.Unknown, Answer.None, 1, nameof(RecoveryActionKind.RetryLater), "authorization_outcome_unknown" },

        // An operation in flight: done or refused is recorded, never seen is resent with its key, anything else waits.
        { State.CapturePending, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.Ask), null },
        { State.CapturePending, Answer.Approved, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.CapturePending, Answer.Declined, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.CapturePending, Answer.PermanentFailure, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.CapturePending, Answer.NotFound, Answer.None, 0, nameof(RecoveryActionKind.Resend), null },
        { State.CapturePending, Answer.Unknown, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "capture_outcome_unknown" },
        { State.CapturePending, Answer.TransientFailure, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "capture_outcome_unknown" },
        { State.VoidPending, Answer.Approved, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.VoidPending, Answer.Declined, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.VoidPending, Answer.NotFound, Answer.None, 0, nameof(RecoveryActionKind.Resend), null },
        { State.VoidPending, Answer.Unknown, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "void_outcome_unknown" },
        { State.RefundPending, Answer.Approved, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.RefundPending, Answer.PermanentFailure, Answer.None, 0, nameof(RecoveryActionKind.Apply), null },
        { State.RefundPending, Answer.NotFound, Answer.None, 0, nameof(RecoveryActionKind.Resend), null },
        { State.RefundPending, Answer.Unreachable, Answer.None, 0, nameof(RecoveryActionKind.RetryLater), "refund_outcome_unknown" },

        // Nothing in flight: an automatic capture still to send is sent; a hold past its deadline is released.
        { State.AuthorizedAutomatic, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.StartCapture), null },
        { State.AuthorizedManual, Answer.None, Answer.None, 6, nameof(RecoveryActionKind.Nothing), null },
        { State.AuthorizedManual, Answer.None, Answer.None, 7, nameof(RecoveryActionKind.StartVoid), "authorization_expired" },
        { State.AuthorizedAutomaticCaptureRefused, Answer.None, Answer.None, 0, nameof(RecoveryActionKind.Nothing), null },
        { State.AuthorizedAutomaticCaptureRefused, Answer.None, Answer.None, 7, nameof(RecoveryActionKind.StartVoid), "authorization_expired" },
        { State.CapturedOpen, Answer.None, Answer.None, 6, nameof(RecoveryActionKind.Nothing), null },
        { State.CapturedOpen, Answer.None, Answer.None, 7, nameof(RecoveryActionKind.StartVoid), "capture_deadline_passed" },
        { State.CapturedClosed, Answer.None, Answer.None, 30, nameof(RecoveryActionKind.Nothing), null },
        { State.Voided, Answer.Approved, Answer.None, 30, nameof(RecoveryActionKind.Nothing), null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_StateAndAnswer_GivesTheDocumentedAction(State state, Answer answer, Answer rollbackVoid, int daysLater, string kind, string? reason)
    {
        var record = Build(state);
        var view = new AuthorizerView(Result(answer), 0, Result(rollbackVoid));

        var action = Reconciler.Decide(record, view, T0.AddDays(daysLater), Options);

        Assert.Equal((Enum.Parse<RecoveryActionKind>(kind), reason), (action.Kind, action.Reason));
    }

    /// <summary>Every state of the table is a state the processor can write, and every answer is used: the table has no dead rows.</summary>
    [Fact]
    public void Table_CoversEveryStateAndEveryAnswer()
    {
        var rows = Table().Select(r => ((State)r[0], (Answer)r[1])).ToList();

        Assert.Equal(Enum.GetValues<State>().Order(), rows.Select(r => r.Item1).Distinct().Order());
        Assert.Equal(Enum.GetValues<Answer>().Order(), rows.Where(r => r.Item1 == State.Received).Select(r => r.Item2).Distinct().Order());
    }

    private static AuthorizerResult? Result(Answer answer) => answer switch
    {
        Answer.None => null,
        Answer.Approved => AuthorizerResult.Approved("A000001", "ch_1"),
        Answer.Declined => AuthorizerResult.Declined(DeclineCodes.DoNotHonor),
        Answer.PermanentFailure => AuthorizerResult.PermanentFailure("invalid_request"),
        Answer.TransientFailure => AuthorizerResult.TransientFailure("issuer_unavailable"),
        Answer.Unreachable => AuthorizerResult.Unreachable("connection_refused"),
        Answer.Unknown => AuthorizerResult.Unknown("timeout"),
        Answer.AuthenticationRequired => AuthorizerResult.AuthenticationRequired(new AuthenticationChallenge(new Uri("https://acs.example/1"), null)),
        _ => AuthorizerResult.NotFound(),
    };

    private static TransactionRecord Build(State state)
    {
        var manual = state is State.AuthorizedManual or State.CapturePending or State.VoidPending or State.RefundPending or State.CapturedOpen or State.CapturedClosed or State.Voided;
        var request = PaymentFixture.Request(amount: Money.FromMajor(100m, Currency.USD), mode: manual ? CaptureMode.Manual : CaptureMode.Automatic);
        var received = PaymentStateMachine.Received(TransactionId.For(request.MerchantId, request.IdempotencyKey), request, Money.Zero(Currency.USD), T0);
        if (state == State.Received)
        {
            return received;
        }

        if (state is State.StepUpWaiting or State.StepUpNotIssued or State.StepUpSatisfied or State.AuthorizerChallenge)
        {
            var challenge = new global::PaymentCore.StepUp.StepUpChallenge(received.Id.ToString(), "one-time-code", "tok", T0, T0.AddMinutes(5), 0, 5, global::PaymentCore.StepUp.StepUpChallengeStatus.Pending, "aGFzaA==", 1, T0);
            var stepUp = new global::PaymentCore.StepUp.StepUpState
            {
                Trigger = state == State.AuthorizerChallenge ? global::PaymentCore.StepUp.StepUpTrigger.Authorizer : global::PaymentCore.StepUp.StepUpTrigger.Rule,
                RequestedBy = state == State.AuthorizerChallenge ? "issuer" : "step_up",
                Reason = "test",
                Challenge = state is State.StepUpWaiting or State.StepUpSatisfied ? challenge : null,
                ExpiresAt = T0.AddMinutes(state == State.AuthorizerChallenge ? 10 : 5),
                Satisfied = state == State.StepUpSatisfied,
            };
            return state == State.AuthorizerChallenge
                ? PaymentStateMachine.RequireAction(received, stepUp, T0)
                : PaymentStateMachine.ReceivedRequiringAction(received.Id, request, Money.Zero(Currency.USD), stepUp, T0);
        }

        var authorized = PaymentStateMachine.Authorize(received, "issuer", "A000001", "ch_1", T0);
        PendingOperation Intent(AuthorizerOperation operation, Money amount, bool final = true) => new(operation, null, amount, T0, false, FinalCapture: final);
        var half = Money.FromMajor(50m, Currency.USD);
        return state switch
        {
            State.AuthorizedAutomatic or State.AuthorizedManual => authorized,
            State.AuthorizedAutomaticCaptureRefused => PaymentStateMachine.Refuse(PaymentStateMachine.Begin(authorized, Intent(AuthorizerOperation.Capture, authorized.Authorized), T0), "capture_refused:invalid_request", T0),
            State.CapturePending => PaymentStateMachine.Begin(authorized, Intent(AuthorizerOperation.Capture, authorized.Authorized), T0),
            State.VoidPending => PaymentStateMachine.Begin(authorized, Intent(AuthorizerOperation.Void, authorized.Authorized), T0),
            State.CapturedOpen => PaymentStateMachine.Capture(authorized, half, final: false, null, null, Money.Zero(Currency.USD), T0),
            State.CapturedClosed => PaymentStateMachine.Capture(authorized, half, T0),
            State.RefundPending => PaymentStateMachine.Begin(PaymentStateMachine.Capture(authorized, half, T0), Intent(AuthorizerOperation.Refund, half) with { OperationKey = "r1" }, T0),
            _ => PaymentStateMachine.Void(authorized, T0, null),
        };
    }
}
