using System.Buffers;
using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Relational;

/// <summary>
/// A stored document for one statement: a plaintext document is written into an array rented from the shared pool,
/// returned once the statement that sends it has run; an encrypted one is the encryptor's own array.
/// </summary>
/// <remarks>Not thread-safe: owned by one write.</remarks>
internal struct RentedDocument
{
    private byte[]? _array;

    /// <summary>Gets the document.</summary>
    public ReadOnlyMemory<byte> Memory { get; private set; }

    /// <summary>Writes a record (<see cref="DocumentCodec.Rent(TransactionRecord)"/>).</summary>
    /// <param name="record">The record.</param>
    /// <param name="codec">The store's codec.</param>
    /// <returns>The document.</returns>
    public static RentedDocument Of(TransactionRecord record, DocumentCodec codec) => codec.Rent(record);

    /// <summary>Writes an event (<see cref="DocumentCodec.Rent(PaymentEvent)"/>).</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="codec">The store's codec.</param>
    /// <returns>The document.</returns>
    public static RentedDocument Of(PaymentEvent paymentEvent, DocumentCodec codec) => codec.Rent(paymentEvent);

    /// <summary>A document the caller owns outright (a ciphertext): nothing to return.</summary>
    /// <param name="document">The bytes.</param>
    /// <returns>The document.</returns>
    internal static RentedDocument Own(byte[] document) => new() { Memory = document };

    /// <summary>Returns the array to the pool, if rented; the document must not be used after.</summary>
    public void Return()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }

        Memory = default;
    }

    /// <summary>Copies a document written into a reused buffer into an array rented from the shared pool.</summary>
    /// <param name="written">The bytes.</param>
    /// <returns>The document.</returns>
    internal static RentedDocument Copy(ReadOnlySpan<byte> written)
    {
        var array = ArrayPool<byte>.Shared.Rent(written.Length);
        written.CopyTo(array);
        return new RentedDocument { _array = array, Memory = array.AsMemory(0, written.Length) };
    }
}
