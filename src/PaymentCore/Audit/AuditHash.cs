using System.Security.Cryptography;

namespace PaymentCore.Audit;

/// <summary>A SHA-256 value of the audit chain: 32 bytes, shown as 64 lower-case hex digits.</summary>
/// <remarks>Immutable; safe to share between threads. <c>default</c> is the same as <see cref="Zero"/>.</remarks>
public readonly struct AuditHash : IEquatable<AuditHash>
{
    /// <summary>The length of a hash, in bytes.</summary>
    public const int Length = SHA256.HashSizeInBytes;

    private static readonly byte[] ZeroBytes = new byte[Length];
    private readonly byte[]? _bytes;

    private AuditHash(byte[] bytes) => _bytes = bytes;

    /// <summary>Gets the 32 zero bytes that the first entry of a chain links to.</summary>
    public static AuditHash Zero => default;

    /// <summary>Gets 32 bytes of 0xFF: what a stored hash of the wrong length reads as.</summary>
    internal static AuditHash Unreadable { get; } = new(Enumerable.Repeat((byte)0xFF, Length).ToArray());

    /// <summary>Gets the bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? ZeroBytes;

    /// <summary>Copies 32 bytes into a hash.</summary>
    /// <param name="bytes">Exactly <see cref="Length"/> bytes.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static AuditHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new AuditHash(bytes.ToArray())
            : throw new ArgumentException($"An audit hash is {Length} bytes; got {bytes.Length}.", nameof(bytes));

    /// <summary>Reads a hash as a store holds it, without refusing a wrong length: verification must judge what is there.</summary>
    /// <param name="bytes">The stored bytes.</param>
    /// <returns>The hash, or 32 bytes of 0xFF (which no entry hashes to) when the length is not 32.</returns>
    public static AuditHash FromStored(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new AuditHash(bytes.ToArray()) : Unreadable;

    /// <summary>Reads 64 hex digits.</summary>
    /// <param name="hex">The hex text, either case.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="hex"/> is not 64 hex digits.</exception>
    public static AuditHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != Length * 2)
        {
            throw new FormatException($"An audit hash is {Length * 2} hex digits; got {hex.Length} characters.");
        }

        return new AuditHash(Convert.FromHexString(hex));
    }

    /// <summary>Computes SHA-256 over the previous hash followed by an entry's canonical bytes.</summary>
    /// <param name="previous">The hash of the entry before, or <see cref="Zero"/> for the first.</param>
    /// <param name="canonicalBytes">The entry's canonical bytes (<see cref="AuditCanonicalForm"/>).</param>
    /// <returns>The entry's hash.</returns>
    public static AuditHash Chain(AuditHash previous, ReadOnlySpan<byte> canonicalBytes)
    {
        // One-shot SHA-256 over one pooled buffer: an IncrementalHash would allocate its native context per entry,
        // and every audited write hashes at least one entry.
        var length = Length + canonicalBytes.Length;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            previous.Bytes.CopyTo(rented);
            canonicalBytes.CopyTo(rented.AsSpan(Length));
            var hash = new byte[Length];
            SHA256.HashData(rented.AsSpan(0, length), hash);
            return new AuditHash(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Returns a copy of the bytes.</summary>
    /// <returns>32 bytes.</returns>
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>The bytes themselves, for a store to bind without a copy; callers must not change them.</summary>
    internal byte[] UnsafeArray => _bytes ?? ZeroBytes;

    /// <inheritdoc />
    public bool Equals(AuditHash other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AuditHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Bytes);

    /// <summary>Returns the 64 lower-case hex digits.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Convert.ToHexStringLower(Bytes);

    /// <summary>Compares two hashes.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when the bytes are equal.</returns>
    public static bool operator ==(AuditHash left, AuditHash right) => left.Equals(right);

    /// <summary>Compares two hashes.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when the bytes differ.</returns>
    public static bool operator !=(AuditHash left, AuditHash right) => !left.Equals(right);
}
