using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PaymentCore.DataProtection;

/// <summary>
/// Computes keyed HMAC-SHA256 blind indexes, so an encrypted field can still be looked up by equality (a payer's
/// velocity, a merchant's payments) without storing it readable. The index is per field: the same value in two
/// fields gets two unrelated indexes.
/// </summary>
/// <remarks>
/// An unkeyed hash of a card number or account is reversible by trying every candidate; a keyed one is not
/// without the key (PCI DSS 3.5.1.1: keyed cryptographic hashes). The key is derived from the key ring's
/// blind-index key, which must stay the same across rotations. Indexes are 128 bits, as 32 lower-case hex digits
/// after <c>bi1:</c>. Thread-safe: stateless apart from the immutable ring.
/// </remarks>
public sealed class BlindIndex
{
    /// <summary>The prefix of a version 1 index.</summary>
    public const string Prefix = "bi1:";

    private readonly KeyRing _keys;

    /// <summary>Creates the index over a key ring.</summary>
    /// <param name="keys">The key ring.</param>
    public BlindIndex(KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    /// <summary>Computes the index of <paramref name="value"/> in <paramref name="field"/>.</summary>
    /// <param name="field">The field, such as <c>payer</c>.</param>
    /// <param name="value">The value, compared exactly (ordinal): normalize it first if lookups should ignore case or spacing.</param>
    /// <returns><c>bi1:</c> followed by 32 hexadecimal digits.</returns>
    /// <exception cref="DataProtectionException">No key is configured.</exception>
    public string Compute(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        var key = _keys.IndexKey;
        var max = 4 + Encoding.UTF8.GetMaxByteCount(field.Length + value.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            // Length-prefix the field so ("ab", "c") and ("a", "bc") differ.
            var f = Encoding.UTF8.GetBytes(field, rented.AsSpan(4));
            BinaryPrimitives.WriteInt32LittleEndian(rented, f);
            var v = Encoding.UTF8.GetBytes(value, rented.AsSpan(4 + f));
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, rented.AsSpan(0, 4 + f + v), mac);
            return Prefix + Convert.ToHexStringLower(mac[..16]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, max));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
