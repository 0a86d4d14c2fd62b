using System.Buffers.Binary;
using System.Text;

namespace PaymentCore.Audit;

/// <summary>
/// The canonical bytes of an audit entry: the exact input of its hash, independent of any store's columns or of
/// JSON formatting, so the same entry hashes the same everywhere and forever.
/// </summary>
/// <remarks>
/// <para>Format version 1, all integers big-endian:</para>
/// <code>
/// u8     format version (1)
/// i64    sequence number (1 for the first entry)
/// i64    OccurredAt as UTC ticks (100 ns since 0001-01-01T00:00:00Z)
/// u8     outcome (1 Success, 2 Failure)
/// field  actor
/// field  event type
/// field  resource
/// field  origin
/// field  detail
///
/// field = u8 0 (absent)  |  u8 1, u32 byte length, UTF-8 bytes (present)
/// </code>
/// <para>
/// The sequence number is inside the hashed bytes, so moving an entry to another position breaks its hash even
/// when its link to the previous entry is kept. Lengths prefix every string, so no two different entries share
/// canonical bytes. Stateless and thread-safe.
/// </para>
/// </remarks>
public static class AuditCanonicalForm
{
    /// <summary>The format version written as the first byte.</summary>
    public const byte Version = 1;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Gets the canonical bytes of the entry at <paramref name="sequence"/> holding <paramref name="auditEvent"/>.</summary>
    /// <param name="sequence">The entry's sequence number.</param>
    /// <param name="auditEvent">The event.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is <see langword="null"/>.</exception>
    public static byte[] GetBytes(long sequence, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var bytes = new byte[LengthOf(auditEvent)];
        Write(bytes, sequence, auditEvent);
        return bytes;
    }

    /// <summary>Computes the hash of the entry at <paramref name="sequence"/> that links to <paramref name="previous"/>.</summary>
    /// <param name="previous">The previous entry's hash, or <see cref="AuditHash.Zero"/> for the first.</param>
    /// <param name="sequence">The entry's sequence number.</param>
    /// <param name="auditEvent">The event.</param>
    /// <returns>SHA-256 over <paramref name="previous"/> followed by the canonical bytes.</returns>
    public static AuditHash ComputeHash(AuditHash previous, long sequence, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);

        // The canonical bytes go into a pooled buffer: they are only the hash's input, and every audited write
        // hashes at least one entry.
        var length = LengthOf(auditEvent);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Write(rented, sequence, auditEvent);
            return AuditHash.Chain(previous, rented.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int LengthOf(AuditEvent auditEvent) =>
        1 + 8 + 8 + 1
        + FieldLength(auditEvent.Actor) + FieldLength(auditEvent.EventType) + FieldLength(auditEvent.Resource)
        + FieldLength(auditEvent.Origin) + FieldLength(auditEvent.Detail);

    private static void Write(Span<byte> span, long sequence, AuditEvent auditEvent)
    {
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(span[9..], auditEvent.OccurredAt.UtcTicks);
        span[17] = (byte)auditEvent.Outcome;
        var at = 18;
        at += WriteField(span[at..], auditEvent.Actor);
        at += WriteField(span[at..], auditEvent.EventType);
        at += WriteField(span[at..], auditEvent.Resource);
        at += WriteField(span[at..], auditEvent.Origin);
        WriteField(span[at..], auditEvent.Detail);
    }

    private static int FieldLength(string? value) => value is null ? 1 : 5 + Utf8.GetByteCount(value);

    private static int WriteField(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            destination[0] = 0;
            return 1;
        }

        destination[0] = 1;
        var written = Utf8.GetBytes(value, destination[5..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)written);
        return 5 + written;
    }
}
