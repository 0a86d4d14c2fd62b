using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Tests.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Transactions;

// TransactionRecord's hand-written Equals compares every field; stores rely on it to tell a replayed write from a
// conflicting one. Each case changes exactly one field, so a comparison that ignores that field fails its case.
public sealed class TransactionRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static readonly TransactionRecord Record = PaymentStateMachine.Authorize(
        PaymentStateMachine.Received(TransactionId.For("merchant-1", "order-1"), PaymentFixture.Request(amount: Money.FromMinor(1_000, Currency.USD), mode: CaptureMode.Manual), Money.FromMinor(30, Currency.USD), T0),
        "issuer",
        "A1",
        T0.AddSeconds(1));

    public static TheoryData<string, TransactionRecord> OneFieldChanged() => new()
    {
        { "Id", Record with { Id = TransactionId.For("merchant-1", "order-2") } },
        { "Status", Record with { Status = TransactionStatus.Captured } },
        { "Version", Record with { Version = 3 } },
        { "Authorized", Record with { Authorized = Money.FromMinor(999, Currency.USD) } },
        { "Captured", Record with { Captured = Money.FromMinor(1, Currency.USD) } },
        { "Refunded", Record with { Refunded = Money.FromMinor(1, Currency.USD) } },
        { "Fee", Record with { Fee = Money.FromMinor(31, Currency.USD) } },
        { "AuthorizationCode", Record with { AuthorizationCode = "a1" } },
        { "Authorizer", Record with { Authorizer = "other" } },
        { "Decline", Record with { Decline = new DeclineInfo("x", "y", "z") } },
        { "FailureReason", Record with { FailureReason = "boom" } },
        { "Pending", Record with { Pending = new PendingOperation(AuthorizerOperation.Capture, "k", Money.FromMinor(1, Currency.USD), T0, false) } },
        { "CreatedAt", Record with { CreatedAt = T0.AddTicks(1) } },
        { "UpdatedAt", Record with { UpdatedAt = T0.AddTicks(1) } },
        { "Request", Record with { Request = Record.Request with { Description = "Three coffees" } } },
        { "History", Record with { History = Record.History.SetItem(1, Record.History[1] with { Reason = "r" }) } },
    };

    [Theory]
    [MemberData(nameof(OneFieldChanged))]
    public void Equals_OneFieldDiffers_IsFalse(string field, TransactionRecord other)
    {
        Assert.False(Record.Equals(other), field);
        Assert.False(other.Equals(Record), field);
    }

    [Fact]
    public void Equals_SameContentInNewInstances_IsTrueWithTheSameHashCode()
    {
        var copy = Record with { Request = Record.Request with { }, History = [.. Record.History] };

        Assert.True(Record.Equals(copy));
        Assert.Equal(Record.GetHashCode(), copy.GetHashCode());
    }

    [Fact]
    public void Equals_Null_IsFalse() => Assert.False(Record.Equals(null));

    [Fact]
    public void DerivedProperties_ComeFromTheRequestAndTheAmounts()
    {
        var record = Record with { Captured = Money.FromMinor(1_000, Currency.USD), Refunded = Money.FromMinor(400, Currency.USD) };

        Assert.Equal(("merchant-1", "order-1", Money.FromMinor(1_000, Currency.USD)), (record.MerchantId, record.IdempotencyKey, record.Amount));
        Assert.Equal(Money.FromMinor(600, Currency.USD), record.Refundable);
        Assert.Equal(Money.FromMinor(570, Currency.USD), record.Net); // 1000 captured - 400 refunded - 30 fee
    }

    [Fact]
    public void Net_RefundsAndFeeAboveTheCapture_IsZeroNotNegative()
    {
        var record = Record with { Captured = Money.FromMinor(1_000, Currency.USD), Refunded = Money.FromMinor(990, Currency.USD) };

        Assert.Equal(Money.Zero(Currency.USD), record.Net);
    }

    [Theory]
    [InlineData(TransactionStatus.Authorized, false)]
    [InlineData(TransactionStatus.Voided, true)]
    public void IsTerminal_FollowsTheStateMachine(TransactionStatus status, bool terminal) =>
        Assert.Equal(terminal, (Record with { Status = status }).IsTerminal);
}
