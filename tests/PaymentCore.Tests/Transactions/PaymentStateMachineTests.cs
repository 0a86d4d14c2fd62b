using PaymentCore.Payments;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Transactions;

public sealed class PaymentStateMachineTests
{
    private static readonly (TransactionStatus From, TransactionStatus To)[] Allowed =
    [
        (TransactionStatus.Received, TransactionStatus.Authorized),
        (TransactionStatus.Received, TransactionStatus.Declined),
        (TransactionStatus.Received, TransactionStatus.Failed),
        (TransactionStatus.Authorized, TransactionStatus.Captured),
        (TransactionStatus.Authorized, TransactionStatus.Voided),
        (TransactionStatus.Captured, TransactionStatus.Captured), // a further partial capture while the capture is open
        (TransactionStatus.Captured, TransactionStatus.PartiallyRefunded),
        (TransactionStatus.Captured, TransactionStatus.Refunded),
        (TransactionStatus.PartiallyRefunded, TransactionStatus.PartiallyRefunded),
        (TransactionStatus.PartiallyRefunded, TransactionStatus.Refunded),
    ];

    public static TheoryData<TransactionStatus, TransactionStatus> AllPairs()
    {
        var data = new TheoryData<TransactionStatus, TransactionStatus>();
        foreach (var from in Enum.GetValues<TransactionStatus>())
        {
            foreach (var to in Enum.GetValues<TransactionStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void IsAllowed_EveryPair_MatchesTheDocumentedMachine(TransactionStatus from, TransactionStatus to) =>
        Assert.Equal(Allowed.Contains((from, to)), PaymentStateMachine.IsAllowed(from, to));

    [Theory]
    [InlineData(TransactionStatus.Refunded)]
    [InlineData(TransactionStatus.Voided)]
    [InlineData(TransactionStatus.Declined)]
    [InlineData(TransactionStatus.Failed)]
    public void IsTerminal_TerminalStates_AllowNoMove(TransactionStatus status)
    {
        Assert.True(PaymentStateMachine.IsTerminal(status));
        Assert.Empty(PaymentStateMachine.NextStates(status));
    }

    [Fact]
    public void IsAllowed_UndefinedState_IsRefused() =>
        Assert.False(PaymentStateMachine.IsAllowed((TransactionStatus)42, TransactionStatus.Authorized));

    // Regression, issue 3 (found by mutation testing): the bounds check `(uint)from < (uint)Moves.Length` ran under
    // CheckForOverflowUnderflow, so a negative undefined state threw OverflowException instead of being refused.
    [Fact]
    public void IsAllowed_Issue3_NegativeUndefinedState_IsRefusedNotOverflow()
    {
        var undefined = (TransactionStatus)(-1);

        Assert.False(PaymentStateMachine.IsAllowed(undefined, TransactionStatus.Authorized));
        Assert.Empty(PaymentStateMachine.NextStates(undefined));
        Assert.True(PaymentStateMachine.IsTerminal(undefined));
    }

    [Fact]
    public async Task CaptureAsync_DeclinedPayment_ThrowsAndLeavesRecordUnchanged()
    {
        var f = new PaymentFixture();
        var declined = await f.Processor.ProcessAsync(PaymentFixture.Request(payer: Authorization.TestInstruments.Stolen));

        var ex = await Assert.ThrowsAsync<InvalidTransitionException>(() => f.Processor.CaptureAsync("merchant-1", declined.Id).AsTask());

        Assert.Equal((TransactionStatus.Declined, TransactionStatus.Captured), (ex.From, ex.To));
        Assert.Contains("none (terminal)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(declined.Transaction, await f.Processor.GetAsync("merchant-1", declined.Id));
    }

    [Fact]
    public async Task VoidAsync_CapturedPayment_ThrowsAndLeavesRecordUnchanged()
    {
        var f = new PaymentFixture();
        var captured = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var ex = await Assert.ThrowsAsync<InvalidTransitionException>(() => f.Processor.VoidAsync("merchant-1", captured.Id).AsTask());

        Assert.Equal((TransactionStatus.Captured, TransactionStatus.Voided), (ex.From, ex.To));
        Assert.Equal(captured.Transaction, await f.Processor.GetAsync("merchant-1", captured.Id));
    }

    [Fact]
    public async Task RefundAsync_AuthorizedNotCaptured_ThrowsAndLeavesRecordUnchanged()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        var ex = await Assert.ThrowsAsync<InvalidTransitionException>(() => f.Processor.RefundAsync("merchant-1", authorized.Id, authorized.Transaction.Amount, "r1").AsTask());

        Assert.Equal(TransactionStatus.Authorized, ex.From);
        Assert.Equal(authorized.Transaction, await f.Processor.GetAsync("merchant-1", authorized.Id));
    }

    [Fact]
    public async Task CaptureAsync_VoidedPayment_Throws()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        var voided = await f.Processor.VoidAsync("merchant-1", authorized.Id);

        var ex = await Assert.ThrowsAsync<InvalidTransitionException>(() => f.Processor.CaptureAsync("merchant-1", authorized.Id).AsTask());

        Assert.Equal(TransactionStatus.Voided, ex.From);
        Assert.Equal(voided.Transaction, await f.Processor.GetAsync("merchant-1", authorized.Id));
    }
}
