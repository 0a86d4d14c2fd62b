using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Transactions;

public sealed class TransactionIdTests
{
    [Fact]
    public void For_SameMerchantAndKey_GivesSameIdEveryTime() =>
        Assert.Equal(TransactionId.For("m1", "k1"), TransactionId.For("m1", "k1"));

    [Fact]
    public void For_BoundaryShift_DoesNotCollide() =>
        Assert.NotEqual(TransactionId.For("ab", "c"), TransactionId.For("a", "bc"));

    [Fact]
    public void For_LongKey_UsesPooledBuffer() =>
        Assert.Equal(TransactionId.For("m", new string('x', 5000)), TransactionId.For("m", new string('x', 5000)));

    [Fact]
    public void ToStringAndParse_RoundTrip()
    {
        var id = TransactionId.For("m1", "k1");

        Assert.Matches("^txn_[0-9a-f]{32}$", id.ToString());
        Assert.Equal(id, TransactionId.Parse(id.ToString()));
        Assert.False(TransactionId.TryParse("txn_xyz", out _));
        Assert.Throws<FormatException>(() => TransactionId.Parse("nope"));
    }

    [Fact]
    public void Equality_FollowsTheValueTypeContract()
    {
        var a = TransactionId.For("m", "a");
        var b = TransactionId.For("m", "b");
        var (low, high) = a < b ? (a, b) : (b, a);

        ValueTypeContract.AssertEquality(low, new TransactionId(low.Value), high);
        ValueTypeContract.AssertComparison(low, high, new TransactionId(high.Value), TransactionId.For("m", FindGreater(high)));
    }

    private static string FindGreater(TransactionId than)
    {
        for (var i = 0; ; i++)
        {
            if (TransactionId.For("m", "g" + i) > than)
            {
                return "g" + i;
            }
        }
    }

    [Fact]
    public void PaymentEventId_IsStablePerVersionAndDistinctAcrossVersions()
    {
        var id = TransactionId.For("m", "k");

        Assert.Equal(PaymentEvent.IdFor(id, 2), PaymentEvent.IdFor(id, 2));
        Assert.NotEqual(PaymentEvent.IdFor(id, 2), PaymentEvent.IdFor(id, 3));
    }
}
