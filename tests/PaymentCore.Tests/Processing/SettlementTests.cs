using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

/// <summary>Issue 15: the bank's ACSC marks a captured payment settled, once; nothing settles unless it was captured.</summary>
public sealed class SettlementTests
{
    [Fact]
    public async Task MarkSettledAsync_CapturedPayment_RecordsWhenAndTheReferenceAndKeepsTheStatus()
    {
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal(TransactionStatus.Captured, paid.Transaction.Status);

        var settled = await f.Processor.MarkSettledAsync("merchant-1", paid.Transaction.Id, "ACSC:BANK-1");

        Assert.Equal(TransactionStatus.Captured, settled.Status);
        Assert.Equal(f.Time.GetUtcNow(), settled.SettledAt);
        Assert.Equal("ACSC:BANK-1", settled.SettlementReference);
        Assert.Equal(paid.Transaction.Version + 1, settled.Version);
        Assert.Equal(paid.Transaction.History, settled.History);
        var stored = await f.Processor.GetAsync("merchant-1", paid.Transaction.Id);
        Assert.Equal(settled.SettledAt, stored!.SettledAt);
        Assert.Equal(settled.Version, stored.Version);
    }

    [Fact]
    public async Task MarkSettledAsync_Twice_SecondChangesNothingAndKeepsTheFirstReference()
    {
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(PaymentFixture.Request());
        var first = await f.Processor.MarkSettledAsync("merchant-1", paid.Transaction.Id, "ACSC:BANK-1");
        f.Time.Advance(TimeSpan.FromHours(1));

        var second = await f.Processor.MarkSettledAsync("merchant-1", paid.Transaction.Id, "ACSC:BANK-2");

        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.SettledAt, second.SettledAt);
        Assert.Equal("ACSC:BANK-1", second.SettlementReference);
        Assert.Equal(first.Version, (await f.Processor.GetAsync("merchant-1", paid.Transaction.Id))!.Version);
    }

    [Fact]
    public async Task MarkSettledAsync_OnlyAuthorized_RefusesAndStoresNothing()
    {
        var f = new PaymentFixture();
        var held = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        Assert.Equal(TransactionStatus.Authorized, held.Transaction.Status);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await f.Processor.MarkSettledAsync("merchant-1", held.Transaction.Id, "ACSC:BANK-1"));

        Assert.Contains("never captured", ex.Message, StringComparison.Ordinal);
        var stored = await f.Processor.GetAsync("merchant-1", held.Transaction.Id);
        Assert.Null(stored!.SettledAt);
        Assert.Equal(held.Transaction.Version, stored.Version);
    }

    [Fact]
    public async Task MarkSettledAsync_AnotherMerchantsPayment_IsNotFound()
    {
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(PaymentFixture.Request());

        await Assert.ThrowsAsync<TransactionNotFoundException>(async () => await f.Processor.MarkSettledAsync("merchant-2", paid.Transaction.Id, "ACSC:BANK-1"));

        Assert.Null((await f.Processor.GetAsync("merchant-1", paid.Transaction.Id))!.SettledAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task MarkSettledAsync_BlankReference_ThrowsNamingIt(string reference)
    {
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await f.Processor.MarkSettledAsync("merchant-1", paid.Transaction.Id, reference));

        Assert.Equal("settlementReference", ex.ParamName);
    }

    [Fact]
    public async Task SettledRecord_RoundTripsThroughTheJsonDocument()
    {
        var f = new PaymentFixture();
        var paid = await f.Processor.ProcessAsync(PaymentFixture.Request());
        var settled = await f.Processor.MarkSettledAsync("merchant-1", paid.Transaction.Id, "ACSC:BANK-1");

        var back = TransactionRecordJson.Deserialize(TransactionRecordJson.Serialize(settled));

        Assert.Equal(settled.SettledAt, back.SettledAt);
        Assert.Equal("ACSC:BANK-1", back.SettlementReference);
        Assert.Null(TransactionRecordJson.Deserialize(TransactionRecordJson.Serialize(paid.Transaction)).SettledAt);
    }
}
