using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Transactions;

// Drives PaymentStateMachine directly (it is internal; the processor tests reach it only through the happy paths),
// so that each transition's fields, its amount checks and its history entry are pinned exactly.
public sealed class PaymentStateMachineTransitionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly TransactionId Id = TransactionId.For("merchant-1", "order-1");
    private static readonly Money Amount = Money.FromMinor(1_000, Currency.USD);
    private static readonly Money Zero = Money.Zero(Currency.USD);

    private static TransactionRecord Received(Money? fee = null) =>
        PaymentStateMachine.Received(Id, PaymentFixture.Request(amount: Amount, mode: CaptureMode.Manual), fee ?? Money.FromMinor(30, Currency.USD), T0);

    private static TransactionRecord Authorized() => PaymentStateMachine.Authorize(Received(), "issuer", "A1", T0.AddSeconds(1));

    private static TransactionRecord Captured(long minor = 1_000) => PaymentStateMachine.Capture(Authorized(), Money.FromMinor(minor, Currency.USD), T0.AddSeconds(2));

    [Theory]
    [InlineData(9)] // one past the last state: the bound of the table
    [InlineData(int.MaxValue)]
    public void NextStates_UndefinedState_IsEmptyAndNothingIsAllowed(int status)
    {
        Assert.Empty(PaymentStateMachine.NextStates((TransactionStatus)status));
        Assert.False(PaymentStateMachine.IsAllowed((TransactionStatus)status, TransactionStatus.Authorized));
        Assert.True(PaymentStateMachine.IsTerminal((TransactionStatus)status));
    }

    [Theory]
    [InlineData(TransactionStatus.Received)]
    [InlineData(TransactionStatus.Authorized)]
    [InlineData(TransactionStatus.Captured)]
    [InlineData(TransactionStatus.PartiallyRefunded)]
    [InlineData(TransactionStatus.RequiresAction)]
    public void IsTerminal_StateWithMoves_IsFalse(TransactionStatus status) =>
        Assert.False(PaymentStateMachine.IsTerminal(status));

    [Fact]
    public void NextStates_Received_ListsAuthorizedDeclinedFailedInOrder() =>
        Assert.Equal([TransactionStatus.Authorized, TransactionStatus.Declined, TransactionStatus.Failed, TransactionStatus.RequiresAction], PaymentStateMachine.NextStates(TransactionStatus.Received));

    [Fact]
    public void NextStates_RequiresAction_ListsAuthorizedDeclinedFailedInOrder() =>
        Assert.Equal([TransactionStatus.Authorized, TransactionStatus.Declined, TransactionStatus.Failed], PaymentStateMachine.NextStates(TransactionStatus.RequiresAction));

    [Fact]
    public void TransactionStatus_RequiresAction_IsAppendedAfterFailed() =>
        Assert.Equal((7, 8), ((int)TransactionStatus.Failed, (int)TransactionStatus.RequiresAction)); // stored numbers never shift

    private static global::PaymentCore.StepUp.StepUpState Waiting() => new()
    {
        Trigger = global::PaymentCore.StepUp.StepUpTrigger.Authorizer,
        RequestedBy = "issuer",
        Reason = "authentication_required",
        ExpiresAt = T0.AddMinutes(10),
    };

    [Fact]
    public void RequireAction_Received_WaitsWithTheAmountsUnchangedAndNothingHeld()
    {
        var received = Received();
        var at = T0.AddSeconds(1);

        var record = PaymentStateMachine.RequireAction(received, Waiting(), at);

        Assert.Equal((TransactionStatus.RequiresAction, 2L, at), (record.Status, record.Version, record.UpdatedAt));
        Assert.Equal((received.Authorized, received.Captured, received.Refunded, received.Fee), (record.Authorized, record.Captured, record.Refunded, record.Fee));
        Assert.Equal((Zero, Zero), (record.Capturable, record.Authorized));
        Assert.Equal(Waiting(), record.StepUp);
        Assert.Equal(new StateChange(2, TransactionStatus.Received, TransactionStatus.RequiresAction, Amount, at, Reason: "authentication_required", Operation: AuthorizerOperation.Authorize), record.History[^1]);
    }

    [Fact]
    public void RequiresAction_ThenAuthorize_HoldsTheAmount()
    {
        var waiting = PaymentStateMachine.RequireAction(Received(), Waiting(), T0);

        var record = PaymentStateMachine.Authorize(waiting, "issuer", "A1", T0.AddSeconds(5));

        Assert.Equal((TransactionStatus.Authorized, Amount, 3L), (record.Status, record.Authorized, record.Version));
        Assert.Equal((TransactionStatus.RequiresAction, TransactionStatus.Authorized), (record.History[^1].From, record.History[^1].To));
    }

    [Fact]
    public void RequiresAction_Capture_IsRefusedAndTheRecordUnchanged()
    {
        var waiting = PaymentStateMachine.RequireAction(Received(), Waiting(), T0);

        var ex = Assert.Throws<InvalidTransitionException>(() => PaymentStateMachine.Capture(waiting, Amount, T0));

        Assert.Equal((TransactionStatus.RequiresAction, TransactionStatus.Captured), (ex.From, ex.To));
        Assert.Equal(2L, waiting.Version);
    }

    [Fact]
    public void RequireAction_FromAuthorized_IsRefused() =>
        Assert.Throws<InvalidTransitionException>(() => PaymentStateMachine.RequireAction(Authorized(), Waiting(), T0));

    [Fact]
    public void WithStepUp_OutsideRequiresAction_IsRefused() =>
        Assert.Throws<InvalidTransitionException>(() => PaymentStateMachine.WithStepUp(Received(), Waiting(), T0));

    [Fact]
    public void WithStepUp_RequiresAction_BumpsTheVersionWithoutAHistoryEntry()
    {
        var waiting = PaymentStateMachine.RequireAction(Received(), Waiting(), T0);

        var record = PaymentStateMachine.WithStepUp(waiting, Waiting() with { Satisfied = true }, T0.AddSeconds(3));

        Assert.Equal((3L, waiting.History.Length, true), (record.Version, record.History.Length, record.StepUp!.Satisfied));
    }

    [Fact]
    public void Received_NewRequest_IsVersionOneWithZeroAmountsTheFeeAndOneHistoryEntry()
    {
        var fee = Money.FromMinor(30, Currency.USD);

        var record = Received(fee);

        Assert.Equal((Id, TransactionStatus.Received, 1L), (record.Id, record.Status, record.Version));
        Assert.Equal((Zero, Zero, Zero, fee), (record.Authorized, record.Captured, record.Refunded, record.Fee));
        Assert.Equal((T0, T0), (record.CreatedAt, record.UpdatedAt));
        Assert.Equal((null, null, null, null, null), (record.Decline, record.FailureReason, record.Pending, record.Authorizer, record.AuthorizationCode));
        Assert.Equal(new StateChange(1, TransactionStatus.Received, TransactionStatus.Received, Amount, T0), Assert.Single(record.History));
    }

    [Fact]
    public void DeclinedByRule_Decline_IsVersionOneDeclinedWithNoFeeAndTheCodeAsReason()
    {
        var decline = new DeclineInfo(DeclineCodes.AmountTooLarge, "amount_limit", "too large");

        var record = PaymentStateMachine.DeclinedByRule(Id, PaymentFixture.Request(amount: Amount), decline, T0);

        Assert.Equal((TransactionStatus.Declined, 1L, decline), (record.Status, record.Version, record.Decline));
        Assert.Equal((Zero, Zero, Zero, Zero), (record.Authorized, record.Captured, record.Refunded, record.Fee));
        Assert.Equal((T0, T0), (record.CreatedAt, record.UpdatedAt));
        Assert.Equal(new StateChange(1, TransactionStatus.Received, TransactionStatus.Declined, Zero, T0, Reason: DeclineCodes.AmountTooLarge, Refused: true), Assert.Single(record.History));
    }

    [Fact]
    public void Authorize_Received_HoldsTheAmountNamesTheAuthorizerAndClearsPending()
    {
        var pending = PaymentStateMachine.WithPending(Received(), new PendingOperation(AuthorizerOperation.Authorize, "order-1", Amount, T0, OutcomeUnknown: true), T0);
        var at = T0.AddSeconds(1);

        var record = PaymentStateMachine.Authorize(pending, "issuer", "A1", at);

        Assert.Equal((TransactionStatus.Authorized, 3L, at, T0), (record.Status, record.Version, record.UpdatedAt, record.CreatedAt));
        Assert.Equal((Amount, Zero, "issuer", "A1"), (record.Authorized, record.Captured, record.Authorizer, record.AuthorizationCode));
        Assert.Null(record.Pending);
        Assert.Equal(new StateChange(3, TransactionStatus.Received, TransactionStatus.Authorized, Amount, at, Operation: AuthorizerOperation.Authorize), record.History[^1]);
        Assert.Equal(2, record.History.Length);
    }

    [Fact]
    public void Capture_ExactlyTheAuthorizedAmount_IsAllowed()
    {
        var at = T0.AddSeconds(2);

        var record = PaymentStateMachine.Capture(Authorized(), Amount, at);

        Assert.Equal((TransactionStatus.Captured, 3L, Amount, at), (record.Status, record.Version, record.Captured, record.UpdatedAt));
        Assert.Equal(new StateChange(3, TransactionStatus.Authorized, TransactionStatus.Captured, Amount, at, Operation: AuthorizerOperation.Capture), record.History[^1]);
    }

    [Fact]
    public void Capture_LessThanAuthorized_CapturesThatAmount() =>
        Assert.Equal(Money.FromMinor(1, Currency.USD), PaymentStateMachine.Capture(Authorized(), Money.FromMinor(1, Currency.USD), T0).Captured);

    [Theory]
    [InlineData(1_001, "USD")] // one minor unit above the authorization
    [InlineData(0, "USD")]
    [InlineData(-1, "USD")]
    [InlineData(1_000, "EUR")]
    public void Capture_AmountOutsideTheAuthorization_ThrowsAndChangesNothing(long minor, string currency)
    {
        var authorized = Authorized();

        var ex = Assert.Throws<InvalidOperationException>(() => PaymentStateMachine.Capture(authorized, Money.FromMinor(minor, Currency.FromCode(currency)), T0));

        Assert.Contains($"{Amount} is still held", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2L, authorized.Version);
    }

    [Fact]
    public void Void_Authorized_ReleasesWithTheAuthorizedAmountAndTheReason()
    {
        var at = T0.AddSeconds(3);

        var record = PaymentStateMachine.Void(Authorized(), at, "customer cancelled");

        Assert.Equal((TransactionStatus.Voided, 3L, at, Zero), (record.Status, record.Version, record.UpdatedAt, record.Captured));
        Assert.Equal(new StateChange(3, TransactionStatus.Authorized, TransactionStatus.Voided, Amount, at, null, "customer cancelled", AuthorizerOperation.Void), record.History[^1]);
    }

    [Fact]
    public void Refund_Part_IsPartiallyRefundedWithTheKeyInHistory()
    {
        var at = T0.AddSeconds(4);

        var record = PaymentStateMachine.Refund(Captured(), Money.FromMinor(400, Currency.USD), "r1", at);

        Assert.Equal((TransactionStatus.PartiallyRefunded, 4L, Money.FromMinor(400, Currency.USD), at), (record.Status, record.Version, record.Refunded, record.UpdatedAt));
        Assert.Equal(new StateChange(4, TransactionStatus.Captured, TransactionStatus.PartiallyRefunded, Money.FromMinor(400, Currency.USD), at, "r1", Operation: AuthorizerOperation.Refund), record.History[^1]);
        Assert.Equal(Money.FromMinor(600, Currency.USD), record.Refundable);
    }

    [Fact]
    public void Refund_TheRestAfterAPart_IsRefunded()
    {
        var part = PaymentStateMachine.Refund(Captured(), Money.FromMinor(400, Currency.USD), "r1", T0);

        var record = PaymentStateMachine.Refund(part, Money.FromMinor(600, Currency.USD), "r2", T0);

        Assert.Equal((TransactionStatus.Refunded, 5L, Amount, Zero), (record.Status, record.Version, record.Refunded, record.Refundable));
        Assert.True(record.IsTerminal);
    }

    [Fact]
    public void Refund_AllOfAPartialCapture_IsRefunded() =>
        Assert.Equal(TransactionStatus.Refunded, PaymentStateMachine.Refund(Captured(700), Money.FromMinor(700, Currency.USD), "r1", T0).Status);

    [Theory]
    [InlineData(1_001)] // one minor unit more than captured
    [InlineData(0)]
    [InlineData(-1)]
    public void Refund_AmountOutsideWhatIsRefundable_Throws(long minor)
    {
        var captured = Captured();

        var ex = Assert.Throws<InvalidOperationException>(() => PaymentStateMachine.Refund(captured, Money.FromMinor(minor, Currency.USD), "r1", T0));

        Assert.Contains($"captured {Amount}, refunded {Zero}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refund_MoreThanIsLeftAfterAPart_Throws()
    {
        var part = PaymentStateMachine.Refund(Captured(), Money.FromMinor(400, Currency.USD), "r1", T0);

        Assert.Throws<InvalidOperationException>(() => PaymentStateMachine.Refund(part, Money.FromMinor(601, Currency.USD), "r2", T0));
    }

    [Fact]
    public void Decline_Received_RecordsTheDeclineDropsTheFeeAndKeepsTheCodeAsReason()
    {
        var decline = new DeclineInfo(DeclineCodes.StolenCard, "issuer", "stolen");
        var at = T0.AddSeconds(1);

        var record = PaymentStateMachine.Decline(Received(), decline, at);

        Assert.Equal((TransactionStatus.Declined, 2L, at, decline, Zero), (record.Status, record.Version, record.UpdatedAt, record.Decline, record.Fee));
        Assert.Equal(new StateChange(2, TransactionStatus.Received, TransactionStatus.Declined, Zero, at, null, DeclineCodes.StolenCard, AuthorizerOperation.Authorize, Refused: true), record.History[^1]);
    }

    [Fact]
    public void Fail_Received_RecordsTheReasonAndDropsTheFee()
    {
        var at = T0.AddSeconds(1);

        var record = PaymentStateMachine.Fail(Received(), "issuer unreachable", at);

        Assert.Equal((TransactionStatus.Failed, 2L, at, "issuer unreachable", Zero), (record.Status, record.Version, record.UpdatedAt, record.FailureReason, record.Fee));
        Assert.Equal(new StateChange(2, TransactionStatus.Received, TransactionStatus.Failed, Zero, at, null, "issuer unreachable"), record.History[^1]);
    }

    [Fact]
    public void Decline_Authorized_ThrowsNamingTheMove()
    {
        var ex = Assert.Throws<InvalidTransitionException>(() => PaymentStateMachine.Decline(Authorized(), new DeclineInfo("x", "y", "z"), T0));

        Assert.Equal((Id, TransactionStatus.Authorized, TransactionStatus.Declined), (ex.TransactionId, ex.From, ex.To));
    }

    public static TheoryData<string, Func<TransactionRecord>> FromTheWrongState() => new()
    {
        { "authorize a captured payment", () => PaymentStateMachine.Authorize(Captured(), "issuer", "A2", T0) },
        { "capture a received payment", () => PaymentStateMachine.Capture(Received(), Amount, T0) },
        { "capture twice", () => PaymentStateMachine.Capture(Captured(), Amount, T0) },
        { "void a received payment", () => PaymentStateMachine.Void(Received(), T0, null) },
        { "void a captured payment", () => PaymentStateMachine.Void(Captured(), T0, null) },
        { "refund an authorized payment", () => PaymentStateMachine.Refund(Authorized(), Amount, "r1", T0) },
        { "refund a voided payment", () => PaymentStateMachine.Refund(PaymentStateMachine.Void(Authorized(), T0, null), Amount, "r1", T0) },
        { "fail an authorized payment", () => PaymentStateMachine.Fail(Authorized(), "x", T0) },
    };

    [Theory]
    [MemberData(nameof(FromTheWrongState))]
    public void Transition_FromAStateThatDoesNotAllowIt_ThrowsInvalidTransition(string scenario, Func<TransactionRecord> transition)
    {
        var ex = Record.Exception(transition);

        Assert.True(ex is InvalidTransitionException, $"{scenario}: {ex?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void WithPending_OpenRecord_BumpsVersionKeepsStatusAndHistory()
    {
        var received = Received();
        var pending = new PendingOperation(AuthorizerOperation.Authorize, "order-1", Amount, T0, OutcomeUnknown: false);
        var at = T0.AddSeconds(5);

        var record = PaymentStateMachine.WithPending(received, pending, at);

        Assert.Equal((TransactionStatus.Received, 2L, at, pending), (record.Status, record.Version, record.UpdatedAt, record.Pending));
        Assert.Equal(received.History.AsEnumerable(), record.History.AsEnumerable());
    }

    [Fact]
    public void WithPending_TerminalRecord_Throws()
    {
        var failed = PaymentStateMachine.Fail(Received(), "x", T0);

        var ex = Assert.Throws<InvalidTransitionException>(() => PaymentStateMachine.WithPending(failed, null, T0));

        Assert.Equal((TransactionStatus.Failed, TransactionStatus.Failed), (ex.From, ex.To));
    }
}
