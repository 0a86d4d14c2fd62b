using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PaymentCore.Transactions;

/// <summary>
/// Identifies a transaction. It is derived from the merchant and the idempotency key under the installation's
/// secret (HMAC-SHA256, <see cref="TransactionIdOptions"/>), so every instance that shares the secret, every retry
/// and every recovery run computes the same id for the same payment, and nobody without the secret can compute it
/// from a guessed key. Look a payment up by its key with
/// <see cref="PaymentCore.Processing.PaymentProcessor.GetByIdempotencyKeyAsync"/>.
/// </summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct TransactionId : IComparable<TransactionId>
{
    private const string Prefix = "txn_";

    /// <summary>Wraps an existing identifier.</summary>
    /// <param name="value">The identifier.</param>
    public TransactionId(Guid value) => Value = value;

    /// <summary>Gets the identifier.</summary>
    public Guid Value { get; }

    /// <summary>The id without a secret (SHA-256 of merchant and key): tests, and installations that allow unkeyed ids.</summary>
    internal static TransactionId For(string merchantId, string idempotencyKey) => Derive(null, merchantId, idempotencyKey);

    /// <summary>
    /// Computes the id of the payment with this merchant and idempotency key: HMAC-SHA256 under
    /// <paramref name="secret"/>, or SHA-256 without one, of the same canonical input (the merchant's UTF-8 length,
    /// little-endian, then merchant and key), so ("ab","c") and ("a","bc") cannot collide.
    /// </summary>
    internal static TransactionId Derive(byte[]? secret, string merchantId, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);

        var max = 4 + Encoding.UTF8.GetMaxByteCount(merchantId.Length + idempotencyKey.Length);
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var m = Encoding.UTF8.GetBytes(merchantId, buffer[4..]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer, m);
            var k = Encoding.UTF8.GetBytes(idempotencyKey, buffer[(4 + m)..]);
            Span<byte> hash = stackalloc byte[32];
            if (secret is null)
            {
                SHA256.HashData(buffer[..(4 + m + k)], hash);
            }
            else
            {
                HMACSHA256.HashData(secret, buffer[..(4 + m + k)], hash);
            }

            return new TransactionId(new Guid(hash[..16]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Parses the text form, <c>txn_</c> followed by 32 hexadecimal digits.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The identifier when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a transaction id.</returns>
    public static bool TryParse(string? text, out TransactionId id)
    {
        if (text is not null && text.StartsWith(Prefix, StringComparison.Ordinal)
            && Guid.TryParseExact(text.AsSpan(Prefix.Length), "N", out var guid))
        {
            id = new TransactionId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a transaction id.</exception>
    public static TransactionId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{PaymentCore.DataProtection.Redaction.Mask(text)}' is not a transaction id (txn_ followed by 32 hexadecimal digits)."); // caller text: masked (issue 12)

    /// <inheritdoc />
    public int CompareTo(TransactionId other) => Value.CompareTo(other.Value);

    /// <summary>Returns <c>txn_</c> followed by 32 hexadecimal digits.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => string.Create(TextLength, Value, static (span, guid) => Write(span, guid));

    /// <summary>The length of the text form: the prefix and 32 hexadecimal digits.</summary>
    internal const int TextLength = 36;

    /// <summary>Writes the text form into <paramref name="destination"/> (at least <see cref="TextLength"/> characters), so names built around an id make one string, not two.</summary>
    internal void WriteTo(Span<char> destination) => Write(destination, Value);

    private static void Write(Span<char> destination, Guid value)
    {
        Prefix.CopyTo(destination);
        value.TryFormat(destination[Prefix.Length..], out _, "N");
    }

    /// <summary>Compares two identifiers.</summary>
    public static bool operator <(TransactionId left, TransactionId right) => left.CompareTo(right) < 0;

    /// <summary>Compares two identifiers.</summary>
    public static bool operator >(TransactionId left, TransactionId right) => left.CompareTo(right) > 0;

    /// <summary>Compares two identifiers.</summary>
    public static bool operator <=(TransactionId left, TransactionId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two identifiers.</summary>
    public static bool operator >=(TransactionId left, TransactionId right) => left.CompareTo(right) >= 0;
}
