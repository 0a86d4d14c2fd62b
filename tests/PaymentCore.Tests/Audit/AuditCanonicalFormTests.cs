using System.Security.Cryptography;
using System.Text;
using PaymentCore.Audit;

namespace PaymentCore.Tests.Audit;

public sealed class AuditCanonicalFormTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetBytes_KnownEntry_MatchesTheDocumentedLayoutByteForByte()
    {
        var e = new AuditEvent("u1", "a.b", T0, AuditOutcome.Failure, "tx/1", origin: null, detail: "é");

        // Built by hand from the documented format, not by the code under test.
        var expected = new List<byte> { 1 };
        expected.AddRange(BigEndian(7L));
        expected.AddRange(BigEndian(T0.UtcTicks));
        expected.Add(2);
        void Field(string? value)
        {
            if (value is null)
            {
                expected.Add(0);
                return;
            }

            var utf8 = Encoding.UTF8.GetBytes(value);
            expected.Add(1);
            expected.AddRange([(byte)(utf8.Length >> 24), (byte)(utf8.Length >> 16), (byte)(utf8.Length >> 8), (byte)utf8.Length]);
            expected.AddRange(utf8);
        }

        Field("u1");
        Field("a.b");
        Field("tx/1");
        Field(null);
        Field("é");

        var bytes = AuditCanonicalForm.GetBytes(7, e);
        Assert.Equal(expected, bytes);
        Assert.Equal(2, Encoding.UTF8.GetByteCount("é"));

        var previous = AuditHash.Parse(new string('0', 62) + "ff");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. previous.ToArray(), .. expected])), AuditCanonicalForm.ComputeHash(previous, 7, e).ToString());
    }

    [Fact]
    public void ComputeHash_IsSha256OfThePreviousHashAndTheCanonicalBytes()
    {
        // ComputeHash writes the canonical bytes into a pooled buffer: it must hash exactly what GetBytes returns,
        // for short and long entries (a rented buffer is larger than the bytes it holds).
        var previous = AuditCanonicalForm.ComputeHash(AuditHash.Zero, 1, new AuditEvent("u", "a.b", T0, AuditOutcome.Success, "tx/0"));
        foreach (var detail in (string?[])[null, "é", new string('x', 300), new string('y', AuditEvent.MaxDetailLength)])
        {
            var e = new AuditEvent("user-1", "state.changed", T0, AuditOutcome.Failure, "transaction/txn_1", origin: "10.0.0.1", detail: detail);
            var expected = System.Security.Cryptography.SHA256.HashData([.. previous.Bytes, .. AuditCanonicalForm.GetBytes(42, e)]);

            var hash = AuditCanonicalForm.ComputeHash(previous, 42, e);

            Assert.Equal(expected, hash.ToArray());
            previous = hash;
        }
    }

    [Fact]
    public void GetBytes_FieldBoundariesMoved_Differ()
    {
        var a = new AuditEvent("ab", "t", T0, AuditOutcome.Success, "c");
        var b = new AuditEvent("a", "t", T0, AuditOutcome.Success, "bc");
        var withNull = new AuditEvent("a", "t", T0, AuditOutcome.Success, "r");
        var withEmptyDetail = new AuditEvent("a", "t", T0, AuditOutcome.Success, "r", detail: "x");

        Assert.NotEqual(AuditCanonicalForm.GetBytes(1, a), AuditCanonicalForm.GetBytes(1, b));
        Assert.NotEqual(AuditCanonicalForm.GetBytes(1, withNull), AuditCanonicalForm.GetBytes(1, withEmptyDetail));
        Assert.NotEqual(AuditCanonicalForm.GetBytes(1, a), AuditCanonicalForm.GetBytes(2, a));
    }

    [Fact]
    public void Next_Chain_LinksAndSequences()
    {
        var e = new AuditEvent("a", "t", T0, AuditOutcome.Success, "r");
        var first = AuditEntry.Next(null, e);
        var second = AuditEntry.Next(first, e);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(AuditHash.Zero, first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.Equal(second, AuditEntry.Next(1, first.Hash, e));
    }

    [Fact]
    public void AuditHash_ParseFormatAndEquality()
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData("x"u8));
        var hash = AuditHash.Parse(hex.ToUpperInvariant());

        Assert.Equal(hex, hash.ToString());
        Assert.Equal(hash, AuditHash.FromBytes(Convert.FromHexString(hex)));
        Assert.True(hash == AuditHash.Parse(hex));
        Assert.True(hash != AuditHash.Zero);
        Assert.Equal(new string('0', 64), default(AuditHash).ToString());
        Assert.Equal(AuditHash.Zero, AuditHash.FromBytes(new byte[32]));
        Assert.Throws<FormatException>(() => AuditHash.Parse("abc"));
        Assert.Throws<ArgumentException>(() => AuditHash.FromBytes(new byte[31]));
        Assert.Equal(new string('f', 64), AuditHash.FromStored(new byte[5]).ToString());
    }

    [Fact]
    public void Checkpoint_Equality_BySignatureBytes()
    {
        var a = new AuditCheckpoint(1, 5, AuditHash.Zero, T0, "k", new byte[] { 1, 2 });
        var b = new AuditCheckpoint(1, 5, AuditHash.Zero, T0, "k", new byte[] { 1, 2 });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Signature = new byte[] { 1, 3 } });
        Assert.NotEqual(a, b with { KeyId = "K" });
        Assert.NotEqual(a, b with { Sequence = 6 });
        Assert.NotEqual(a.GetSignedBytes(), (b with { CreatedAt = T0.AddTicks(1) }).GetSignedBytes());
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = BitConverter.GetBytes(value);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }
}
