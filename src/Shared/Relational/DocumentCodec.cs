using PaymentCore.DataProtection;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Relational;

/// <summary>
/// What a relational store writes for a record or event: the JSON document encrypted with AES-256-GCM and bound
/// to its table, row id and column (so a document copied to another row fails to decrypt), and the payer column
/// as a keyed blind index, so velocity and payer queries still work while no payer token or IBAN is readable
/// (PCI DSS 3.5.1). Without a key, the plain JSON and token, as before.
/// </summary>
/// <remarks>
/// <para>Shared source (src/Shared/Relational): the SQLite and PostgreSQL stores write the same bytes, bound the same
/// way (table, the row id's 16 big-endian bytes in hex, <c>document</c>), so one design and one set of tests covers both.</para>
/// <para>The document holds every caller field: payer, payee, description, metadata, keys. Merchant id and idempotency
/// key stay readable columns: they are identifiers, validated free of card data, and the unique constraint and
/// replay lookups rest on them across instances and across key rotations.
/// Documents written before encryption was turned on (plain JSON, first byte <c>{</c>) are still read, so an
/// existing database keeps working; the rotation job re-encrypts them. Thread-safe: immutable.</para>
/// </remarks>
internal sealed class DocumentCodec
{
    /// <summary>The key id <see cref="KeyIdOf"/> reports for a document written without encryption.</summary>
    public const string Plaintext = "plaintext";

    private const string Table = "transactions";
    private const string Outbox = "outbox";

    // One reused JSON buffer per calling thread: callers write their documents before they queue for the writer.
    [ThreadStatic]
    private static DocumentBuffer? _buffer;

    private readonly FieldEncryptor? _encryptor;
    private readonly BlindIndex? _index;
    private readonly string _store;

    /// <summary>Initializes a new instance of the <see cref="DocumentCodec"/> class.</summary>
    /// <param name="keys">The key ring; null or empty for plaintext.</param>
    /// <param name="store">How messages name the store, such as <c>SQLite</c>.</param>
    public DocumentCodec(KeyRing? keys, string store)
    {
        _store = store;
        if (keys is { IsConfigured: true })
        {
            _encryptor = new FieldEncryptor(keys);
            _index = new BlindIndex(keys);
        }
    }

    /// <summary>
    /// Writes a record's stored document on the calling thread (callers serialize and encrypt before they queue,
    /// in parallel, so the one writer only runs statements), bound to its row id.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <returns>The document.</returns>
    public byte[] Document(TransactionRecord record)
    {
        var json = (_buffer ??= new DocumentBuffer()).Record(record);
        return _encryptor is null ? json.ToArray() : _encryptor.Encrypt(json, Binding(Table, record.Id.Value));
    }

    /// <summary>
    /// Writes a record's stored document into a pooled array (plaintext) or the encryptor's own (encrypted), for a
    /// write that returns it once its statement has run.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <returns>The document.</returns>
    public RentedDocument Rent(TransactionRecord record) =>
        _encryptor is null ? RentedDocument.Copy((_buffer ??= new DocumentBuffer()).Record(record)) : RentedDocument.Own(Document(record));

    /// <summary>Writes an event's stored document as <see cref="Rent(TransactionRecord)"/> does.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The document.</returns>
    public RentedDocument Rent(PaymentEvent paymentEvent) =>
        _encryptor is null ? RentedDocument.Copy((_buffer ??= new DocumentBuffer()).Event(paymentEvent)) : RentedDocument.Own(Document(paymentEvent));

    /// <summary>Writes an event's stored document on the calling thread, bound to its event id.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The document.</returns>
    public byte[] Document(PaymentEvent paymentEvent)
    {
        var json = (_buffer ??= new DocumentBuffer()).Event(paymentEvent);
        return _encryptor is null ? json.ToArray() : _encryptor.Encrypt(json, Binding(Outbox, paymentEvent.EventId));
    }

    /// <summary>Reads a record's stored document.</summary>
    /// <param name="document">The stored bytes.</param>
    /// <param name="id">The row id it must be bound to.</param>
    /// <returns>The record.</returns>
    /// <exception cref="DataProtectionException">The document fails to decrypt.</exception>
    public TransactionRecord Read(byte[] document, Guid id) =>
        TransactionRecordJson.Deserialize(Open(document, Table, id));

    /// <summary>Reads an event's stored document.</summary>
    /// <param name="document">The stored bytes.</param>
    /// <param name="eventId">The event id it must be bound to.</param>
    /// <returns>The event.</returns>
    /// <exception cref="DataProtectionException">The document fails to decrypt.</exception>
    public PaymentEvent ReadEvent(byte[] document, Guid eventId) =>
        TransactionRecordJson.DeserializeEvent(Open(document, Outbox, eventId));

    /// <summary>The payer column: the blind index of the token when encrypting, the token itself otherwise.</summary>
    /// <param name="token">The payer token.</param>
    /// <returns>The column value.</returns>
    public string Payer(string token) => _index is null ? token : _index.Compute("payer_token", token);

    /// <summary>Whether a stored document was written without encryption.</summary>
    /// <param name="document">The stored bytes.</param>
    /// <returns>True for plain JSON.</returns>
    public static bool IsPlaintext(ReadOnlySpan<byte> document) => document.Length > 0 && document[0] == (byte)'{';

    /// <summary>The key id a stored document is encrypted under, or <see cref="Plaintext"/>.</summary>
    /// <param name="document">The stored bytes.</param>
    /// <returns>The key id.</returns>
    /// <exception cref="DataProtectionException">The bytes are neither JSON nor a ciphertext (<see cref="DataProtectionFailure.Malformed"/>).</exception>
    public static string KeyIdOf(byte[] document) =>
        IsPlaintext(document) ? Plaintext : FieldEncryptor.KeyIdOfText(FieldEncryptor.TextPrefix + Convert.ToBase64String(document));

    /// <summary>Whether the rotation job must rewrite a document: plaintext, or under a key other than the active one.</summary>
    /// <param name="document">The stored bytes.</param>
    /// <param name="activeKeyId">The ring's active key id.</param>
    /// <returns>True when the document needs rewriting.</returns>
    public static bool NeedsReencryption(byte[] document, string activeKeyId) =>
        IsPlaintext(document) || !string.Equals(KeyIdOf(document), activeKeyId, StringComparison.Ordinal);

    private byte[] Open(byte[] document, string table, Guid id)
    {
        if (IsPlaintext(document))
        {
            return document; // written in plaintext, before a key was configured
        }

        return _encryptor is null
            ? throw new DataProtectionException(DataProtectionFailure.NotConfigured, $"The {_store} store holds encrypted documents but no data-protection key is configured.")
            : _encryptor.Decrypt(document, Binding(table, id));
    }

    // The row id's 16 big-endian bytes in hex: the same binding in both stores, and the SQLite key column's bytes.
    private static FieldBinding Binding(string table, Guid id) => new(table, Convert.ToHexString(id.ToByteArray(bigEndian: true)), "document");
}
