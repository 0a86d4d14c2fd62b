using System.Collections.Immutable;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.StepUp;

namespace PaymentCore.Transactions;

/// <summary>
/// The one place that says which state changes a payment may make, and the only code that makes them. Every
/// change checks the move, keeps captured ≤ authorized and refunded ≤ captured, appends to the history and bumps
/// the version; a refused change throws and leaves the record as it was.
/// </summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
public static class PaymentStateMachine
{
    // Indexed by the from-state: the moves allowed out of it. Refunds may repeat (PartiallyRefunded → PartiallyRefunded),
    // and so may partial captures while the hold stays open (Captured → Captured, checked against CaptureOpen).
    private static readonly TransactionStatus[][] Moves =
    [
        /* Received          */ [TransactionStatus.Authorized, TransactionStatus.Declined, TransactionStatus.Failed, TransactionStatus.RequiresAction],
        /* Authorized        */ [TransactionStatus.Captured, TransactionStatus.Voided],
        /* Captured          */ [TransactionStatus.Captured, TransactionStatus.PartiallyRefunded, TransactionStatus.Refunded],
        /* PartiallyRefunded */ [TransactionStatus.PartiallyRefunded, TransactionStatus.Refunded],
        /* Refunded          */ [],
        /* Voided            */ [],
        /* Declined          */ [],
        /* Failed            */ [],
        /* RequiresAction    */ [TransactionStatus.Authorized, TransactionStatus.Declined, TransactionStatus.Failed],
    ];

    /// <summary>Says whether a payment may move from one state to another.</summary>
    /// <param name="from">The current state.</param>
    /// <param name="to">The state asked for.</param>
    /// <returns><see langword="true"/> when the move is allowed.</returns>
    public static bool IsAllowed(TransactionStatus from, TransactionStatus to) =>
        IsDefined(from) && Array.IndexOf(Moves[(int)from], to) >= 0;

    /// <summary>Lists the states a payment may move to from <paramref name="from"/>.</summary>
    /// <param name="from">The current state.</param>
    /// <returns>The allowed next states; empty for a terminal state.</returns>
    public static IReadOnlyList<TransactionStatus> NextStates(TransactionStatus from) =>
        IsDefined(from) ? Moves[(int)from] : [];

    /// <summary>Says whether a state is terminal: Refunded, Voided, Declined or Failed.</summary>
    /// <param name="status">The state.</param>
    /// <returns><see langword="true"/> when no move is allowed out of it.</returns>
    public static bool IsTerminal(TransactionStatus status) => NextStates(status).Count == 0;

    /// <summary>Creates the record of a request the rules accepted: Received, version 1, nothing authorized yet.</summary>
    /// <param name="id">The transaction id, derived from the request's merchant and key (<see cref="TransactionIdOptions"/>).</param>
    /// <param name="request">The request.</param>
    /// <param name="fee">The fee the rules charged, in the request's currency.</param>
    /// <param name="now">The creation time.</param>
    /// <returns>The record, ready for <see cref="Storage.ITransactionStore.TryCreateAsync"/>.</returns>
    /// <param name="sale">
    /// <see langword="true"/> when the payment will be taken as a one-step sale (<see cref="ISaleAuthorizer"/>): the
    /// sale's intent is then the record's operation in flight from this first write on, so recovery asks about the
    /// sale, not an authorization.
    /// </param>
    internal static TransactionRecord Received(TransactionId id, PaymentRequest request, Money fee, DateTimeOffset now, bool sale = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var received = First(id, request, TransactionStatus.Received, fee, request.Amount, now, decline: null);
        return sale ? received with { Pending = SaleIntent.For(received, now) } : received;
    }

    /// <summary>
    /// Creates the record of a request the rules accepted on condition that the payer steps up: Received →
    /// RequiresAction in version 1, nothing held. The challenge is issued after the record exists, so a replayed
    /// request never sends a second code.
    /// </summary>
    internal static TransactionRecord ReceivedRequiringAction(TransactionId id, PaymentRequest request, Money fee, StepUpState stepUp, DateTimeOffset now) =>
        First(id, request, TransactionStatus.RequiresAction, fee, request.Amount, now, decline: null) with { StepUp = stepUp, Operations = 1 };

    /// <summary>
    /// Received → RequiresAction: the authorizer asked the payer to authenticate; nothing is held, the amounts do not
    /// change. The entry names the operation that asked (the authorization, or a sale), which the payer's answer completes.
    /// </summary>
    internal static TransactionRecord RequireAction(TransactionRecord record, StepUpState stepUp, DateTimeOffset now, AuthorizerOperation operation = AuthorizerOperation.Authorize)
    {
        Check(record, TransactionStatus.RequiresAction);
        var (version, history) = Append(record, TransactionStatus.RequiresAction, record.Amount, now, null, stepUp.Reason, operation, stepUp.AuthorizerChallenge?.Reference);
        return record with { Status = TransactionStatus.RequiresAction, Version = version, UpdatedAt = now, History = history, StepUp = stepUp, Pending = null };
    }

    /// <summary>
    /// Records a step-up's new state (a challenge issued, an answer given, the payer stepped up) without a state
    /// change: only a payment in RequiresAction has one to change.
    /// </summary>
    internal static TransactionRecord WithStepUp(TransactionRecord record, StepUpState stepUp, DateTimeOffset now)
    {
        if (record.Status != TransactionStatus.RequiresAction)
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.RequiresAction);
        }

        return record with { StepUp = stepUp, Version = record.Version + 1, UpdatedAt = now };
    }

    /// <summary>Creates the record of a request a rule declined: Declined, version 1. Nothing was sent to an authorizer.</summary>
    internal static TransactionRecord DeclinedByRule(TransactionId id, PaymentRequest request, DeclineInfo decline, DateTimeOffset now) =>
        First(id, request, TransactionStatus.Declined, Money.Zero(request.Amount.Currency), Money.Zero(request.Amount.Currency), now, decline);

    // The first record of a payment: version 1, one history entry from Received.
    private static TransactionRecord First(TransactionId id, PaymentRequest request, TransactionStatus status, Money fee, Money moved, DateTimeOffset now, DeclineInfo? decline)
    {
        var zero = Money.Zero(request.Amount.Currency);
        return new TransactionRecord
        {
            Id = id,
            Request = request,
            Status = status,
            Authorized = zero,
            Captured = zero,
            Refunded = zero,
            Fee = fee,
            Decline = decline,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            Operations = status is TransactionStatus.Received or TransactionStatus.RequiresAction ? 1 : 0, // a Received record is the authorization's intent
            History = [new StateChange(1, TransactionStatus.Received, status, moved, now, Reason: decline?.Code, Refused: decline is not null)],
        };
    }

    /// <summary>Received → Authorized: the authorizer holds <see cref="TransactionRecord.Amount"/>.</summary>
    internal static TransactionRecord Authorize(TransactionRecord record, string authorizer, string? authorizationCode, string? reference, DateTimeOffset now)
    {
        Check(record, TransactionStatus.Authorized);
        var (version, history) = Append(record, TransactionStatus.Authorized, record.Amount, now, null, null, AuthorizerOperation.Authorize, reference);
        return record with
        {
            Status = TransactionStatus.Authorized,
            Version = version,
            UpdatedAt = now,
            History = history,
            Authorized = record.Amount,
            Authorizer = authorizer,
            AuthorizationCode = authorizationCode,
            Pending = null,
        };
    }

    /// <summary>
    /// Received (or RequiresAction, stepped up) → Authorized → Captured in one write: a one-step sale the authorizer
    /// did. Both steps are kept in the history, the authorization (code, reference) then the final capture of the whole
    /// amount; they share the write's version, since the Authorized step had no commit of its own.
    /// </summary>
    internal static TransactionRecord Sell(TransactionRecord record, string authorizer, string? authorizationCode, string? reference, Money fee, DateTimeOffset now)
    {
        Check(record, TransactionStatus.Authorized);
        var version = record.Version + 1;
        var amount = record.Amount;
        var history = record.History.AddRange(
            new StateChange(version, record.Status, TransactionStatus.Authorized, amount, now, Operation: AuthorizerOperation.Authorize, Reference: reference),
            new StateChange(version, TransactionStatus.Authorized, TransactionStatus.Captured, amount, now, Operation: AuthorizerOperation.Capture, Reference: reference));
        return record with
        {
            Status = TransactionStatus.Captured,
            Version = version,
            UpdatedAt = now,
            History = history,
            Authorized = amount,
            Captured = amount,
            CaptureOpen = false,
            Fee = fee,
            Authorizer = authorizer,
            AuthorizationCode = authorizationCode,
            Pending = null,
        };
    }

    /// <summary>Received → Authorized, with no authorizer reference.</summary>
    internal static TransactionRecord Authorize(TransactionRecord record, string authorizer, string? authorizationCode, DateTimeOffset now) =>
        Authorize(record, authorizer, authorizationCode, null, now);

    /// <summary>Authorized → Captured: a final capture of <paramref name="amount"/>, the fee unchanged.</summary>
    internal static TransactionRecord Capture(TransactionRecord record, Money amount, DateTimeOffset now) =>
        Capture(record, amount, final: true, null, null, record.Fee, now);

    /// <summary>A refund with no authorizer reference.</summary>
    internal static TransactionRecord Refund(TransactionRecord record, Money amount, string refundKey, DateTimeOffset now) =>
        Refund(record, amount, refundKey, null, now);

    /// <summary>
    /// Authorized (or Captured with the capture still open) → Captured: takes <paramref name="amount"/> more, at most
    /// what is still held. A final capture, or one that takes all that was held, releases the rest and closes the hold.
    /// </summary>
    internal static TransactionRecord Capture(TransactionRecord record, Money amount, bool final, string? captureKey, string? reference, Money fee, DateTimeOffset now)
    {
        Check(record, TransactionStatus.Captured);
        if (record is { Status: TransactionStatus.Captured, CaptureOpen: false })
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Captured); // the hold was released by the last capture
        }

        if (amount.Currency != record.Authorized.Currency || !amount.IsPositive || amount > record.Capturable)
        {
            throw new InvalidOperationException($"Cannot capture {amount} of transaction {record.Id}: {record.Capturable} is still held.");
        }

        var captured = record.Captured + amount;
        var (version, history) = Append(record, TransactionStatus.Captured, amount, now, captureKey, null, AuthorizerOperation.Capture, reference);
        return record with
        {
            Status = TransactionStatus.Captured,
            Version = version,
            UpdatedAt = now,
            History = history,
            Captured = captured,
            CaptureOpen = !final && captured < record.Authorized,
            Fee = fee,
            Pending = null,
        };
    }

    /// <summary>
    /// Authorized → Voided: the hold is released, nothing was taken, so no fee is due. After partial captures with the
    /// capture still open, the rest of the hold is released instead and the payment stays Captured.
    /// </summary>
    internal static TransactionRecord Void(TransactionRecord record, DateTimeOffset now, string? reason, string? reference = null)
    {
        if (record is { Status: TransactionStatus.Captured, CaptureOpen: true })
        {
            var (v, h) = Append(record, TransactionStatus.Captured, record.Authorized - record.Captured, now, null, reason, AuthorizerOperation.Void, reference);
            return record with { Version = v, UpdatedAt = now, History = h, CaptureOpen = false, Pending = null };
        }

        Check(record, TransactionStatus.Voided);
        var (version, history) = Append(record, TransactionStatus.Voided, record.Authorized, now, null, reason, AuthorizerOperation.Void, reference);
        return record with { Status = TransactionStatus.Voided, Version = version, UpdatedAt = now, History = history, Fee = Money.Zero(record.Amount.Currency), Pending = null };
    }

    /// <summary>Captured or PartiallyRefunded → PartiallyRefunded or Refunded, by <paramref name="amount"/> at most what is refundable.</summary>
    internal static TransactionRecord Refund(TransactionRecord record, Money amount, string refundKey, string? reference, DateTimeOffset now)
    {
        var refunded = record.Refunded + amount;
        var to = refunded == record.Captured ? TransactionStatus.Refunded : TransactionStatus.PartiallyRefunded;
        Check(record, to);
        if (record.CaptureOpen)
        {
            // Refunding while captures may still follow would let refunded and captured race; close the capture first.
            throw new InvalidTransitionException(record.Id, record.Status, to);
        }

        if (!amount.IsPositive || refunded > record.Captured)
        {
            throw new InvalidOperationException($"Cannot refund {amount} of transaction {record.Id}: captured {record.Captured}, refunded {record.Refunded}.");
        }

        var (version, history) = Append(record, to, amount, now, refundKey, null, AuthorizerOperation.Refund, reference);
        return record with { Status = to, Version = version, UpdatedAt = now, History = history, Refunded = refunded, Pending = null };
    }

    /// <summary>
    /// Records that the authorizer refused the operation in flight: the state does not move, the refusal is kept in
    /// the history (and told in an event), and the intent is cleared, so the payment can take its next operation.
    /// </summary>
    internal static TransactionRecord Refuse(TransactionRecord record, string reason, DateTimeOffset now)
    {
        var pending = record.Pending ?? throw new InvalidOperationException($"Transaction {record.Id} has no operation in flight to refuse.");
        var (version, history) = Append(record, record.Status, pending.Amount, now, pending.OperationKey, reason, pending.Operation, null, refused: true);
        return record with { Version = version, UpdatedAt = now, History = history, Pending = null };
    }

    /// <summary>
    /// Records the bank's confirmation that a captured payment settled (pain.002 ACSC). Not a move between states:
    /// the status stays, the version goes up so the write is checked like any other. Nothing settles unless it was
    /// captured (issue 15, D3), and nothing settles with an operation in flight, whose own write would then conflict.
    /// </summary>
    /// <exception cref="InvalidOperationException">The payment was never captured, or an operation is in flight.</exception>
    internal static TransactionRecord Settle(TransactionRecord record, string reference, DateTimeOffset now)
    {
        if (!record.Captured.IsPositive)
        {
            throw new InvalidOperationException($"Transaction {record.Id} is {record.Status} and was never captured: only a captured payment can be settled.");
        }

        if (record.Pending is { } pending)
        {
            throw new InvalidOperationException($"Transaction {record.Id} has a {pending.Operation} in flight: settle it once that operation's outcome is recorded.");
        }

        return record with { Version = record.Version + 1, UpdatedAt = now, SettledAt = now, SettlementReference = reference };
    }

    /// <summary>Received → Declined by the authorizer.</summary>
    internal static TransactionRecord Decline(TransactionRecord record, DeclineInfo decline, DateTimeOffset now)
    {
        Check(record, TransactionStatus.Declined);
        var (version, history) = Append(record, TransactionStatus.Declined, Money.Zero(record.Amount.Currency), now, null, decline.Code, AuthorizerOperation.Authorize, null, refused: true);
        return record with
        {
            Status = TransactionStatus.Declined,
            Version = version,
            UpdatedAt = now,
            History = history,
            Decline = decline,
            Fee = Money.Zero(record.Amount.Currency),
            Pending = null,
        };
    }

    /// <summary>Received → Failed: no money was held.</summary>
    internal static TransactionRecord Fail(TransactionRecord record, string reason, DateTimeOffset now)
    {
        Check(record, TransactionStatus.Failed);
        var (version, history) = Append(record, TransactionStatus.Failed, Money.Zero(record.Amount.Currency), now, null, reason);
        return record with
        {
            Status = TransactionStatus.Failed,
            Version = version,
            UpdatedAt = now,
            History = history,
            FailureReason = reason,
            Fee = Money.Zero(record.Amount.Currency),
            Pending = null,
        };
    }

    /// <summary>
    /// Records the intent of a new operation, before it is sent: it gets the payment's next operation number and
    /// the authorizer key derived from it. Only one operation may be in flight.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="intent">What to send: the operation, caller key, amount and flags; its authorizer key is derived here.</param>
    /// <param name="now">The time.</param>
    /// <param name="sameWrite">
    /// <see langword="true"/> when <paramref name="record"/> is itself a change not yet written (an authorization, a
    /// refusal): the intent joins that write and the version is not bumped again.
    /// </param>
    internal static TransactionRecord Begin(TransactionRecord record, PendingOperation intent, DateTimeOffset now, bool sameWrite = false)
    {
        if (record.IsTerminal || record.Pending is not null)
        {
            throw new InvalidTransitionException(record.Id, record.Status, record.Status);
        }

        var number = Math.Max(record.Operations, 1) + 1; // records written before operations were counted have 0
        var pending = intent with { Since = now, OutcomeUnknown = false, Attempts = 0, AuthorizerKey = OperationKeys.For(record.Id, intent.Operation, number) };
        return record with { Pending = pending, Operations = number, Version = sameWrite ? record.Version : record.Version + 1, UpdatedAt = now };
    }

    /// <summary>Replaces the operation in flight's state (its outcome became unknown, or recovery asked again) without a state change.</summary>
    internal static TransactionRecord WithPending(TransactionRecord record, PendingOperation? pending, DateTimeOffset now)
    {
        if (record.IsTerminal)
        {
            throw new InvalidTransitionException(record.Id, record.Status, record.Status);
        }

        return record with { Pending = pending, Version = record.Version + 1, UpdatedAt = now };
    }

    // One unsigned comparison refuses negative and too large values alike; unchecked because the project checks
    // overflow everywhere, and a checked cast of a negative value throws instead of wrapping.
    private static bool IsDefined(TransactionStatus status) => unchecked((uint)status) < (uint)Moves.Length;

    private static void Check(TransactionRecord record, TransactionStatus to)
    {
        if (!IsAllowed(record.Status, to))
        {
            throw new InvalidTransitionException(record.Id, record.Status, to);
        }
    }

    // Each transition builds its new record in one `with`: a record per state change, not two.
    private static (long Version, ImmutableArray<StateChange> History) Append(TransactionRecord record, TransactionStatus to, Money amount, DateTimeOffset now, string? key, string? reason, AuthorizerOperation? operation = null, string? reference = null, bool refused = false)
    {
        var version = record.Version + 1;
        return (version, record.History.Add(new StateChange(version, record.Status, to, amount, now, key, reason, operation, reference, refused)));
    }
}
