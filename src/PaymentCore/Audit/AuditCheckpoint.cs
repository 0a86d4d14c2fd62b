using System.Buffers.Binary;
using System.Text;

namespace PaymentCore.Audit;

/// <summary>
/// A signed statement "the chain had entry <see cref="Sequence"/> with hash <see cref="EntryHash"/>", made with a
/// key the store does not hold. A store (or whoever writes to it) can recompute every SHA-256 link of a chain it
/// rewrote, but cannot sign: checkpoints are what make a rewritten chain, a forged checkpoint and a cut tail
/// detectable.
/// </summary>
/// <param name="Number">The checkpoint's number, 1 for the first; checkpoints are numbered without gaps.</param>
/// <param name="Sequence">The sequence of the entry it covers (and, through the chain, every entry before it).</param>
/// <param name="EntryHash">That entry's hash.</param>
/// <param name="CreatedAt">When it was signed, in UTC.</param>
/// <param name="KeyId">The id of the signing key, so that keys can rotate.</param>
/// <param name="Signature">The signature over <see cref="GetSignedBytes()"/>.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record AuditCheckpoint(long Number, long Sequence, AuditHash EntryHash, DateTimeOffset CreatedAt, string KeyId, ReadOnlyMemory<byte> Signature)
{
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("PaymentCore.AuditCheckpoint.v1");

    /// <summary>Compares every field, the signature by its bytes.</summary>
    /// <param name="other">The other checkpoint.</param>
    /// <returns><see langword="true"/> when all fields are equal.</returns>
    public bool Equals(AuditCheckpoint? other) =>
        other is not null
        && Number == other.Number
        && Sequence == other.Sequence
        && EntryHash == other.EntryHash
        && CreatedAt == other.CreatedAt
        && string.Equals(KeyId, other.KeyId, StringComparison.Ordinal)
        && Signature.Span.SequenceEqual(other.Signature.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Number, Sequence, EntryHash, KeyId);

    /// <summary>Gets the bytes that are signed.</summary>
    /// <returns>The bytes: see <see cref="GetSignedBytes(long, long, AuditHash, DateTimeOffset, string)"/>.</returns>
    public byte[] GetSignedBytes() => GetSignedBytes(Number, Sequence, EntryHash, CreatedAt, KeyId);

    /// <summary>
    /// Gets the bytes a checkpoint's signature covers: the ASCII domain <c>PaymentCore.AuditCheckpoint.v1</c>, then
    /// big-endian i64 number, i64 sequence, the 32 hash bytes, i64 UTC ticks, u32 length and UTF-8 bytes of the key id.
    /// The domain prefix keeps a checkpoint signature from ever being valid for anything else signed with the same key.
    /// </summary>
    /// <param name="number">The checkpoint number.</param>
    /// <param name="sequence">The covered entry's sequence.</param>
    /// <param name="entryHash">The covered entry's hash.</param>
    /// <param name="createdAt">When it is signed.</param>
    /// <param name="keyId">The signing key's id.</param>
    /// <returns>The bytes to sign.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keyId"/> is <see langword="null"/>.</exception>
    public static byte[] GetSignedBytes(long number, long sequence, AuditHash entryHash, DateTimeOffset createdAt, string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var key = Encoding.UTF8.GetBytes(keyId);
        var bytes = new byte[Domain.Length + 8 + 8 + AuditHash.Length + 8 + 4 + key.Length];
        var span = bytes.AsSpan();
        Domain.CopyTo(span);
        var at = Domain.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], number);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], sequence);
        entryHash.Bytes.CopyTo(span[(at + 16)..]);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 16 + AuditHash.Length)..], createdAt.UtcTicks);
        BinaryPrimitives.WriteUInt32BigEndian(span[(at + 24 + AuditHash.Length)..], (uint)key.Length);
        key.CopyTo(span[(at + 28 + AuditHash.Length)..]);
        return bytes;
    }
}
