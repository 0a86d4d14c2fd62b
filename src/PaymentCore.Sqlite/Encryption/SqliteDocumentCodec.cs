using PaymentCore.DataProtection;
using PaymentCore.Notifications;
using PaymentCore.Relational;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite.Encryption;

/// <summary>
/// What the SQLite store writes for a record or event: the JSON document encrypted with AES-256-GCM and bound
/// to its table, row id and column (so a document copied to another row fails to decrypt), and the payer column
/// as a keyed blind index, so velocity and payer queries still work while no payer token or IBAN is readable
/// (PCI DSS 3.5.1). Without a key, the plain JSON and token, as before.
/// </summary>
/// <remarks>
/// The document holds every caller field: payer, payee, description, metadata, keys. Merchant id and idempotency
/// key stay readable columns: they are identifiers, validated free of card data, and the unique constraint and
/// replay lookups rest on them across instances and across key rotations.
/// Documents written before encryption was turned on (plain JSON, first byte <c>{</c>) are still read, so an
/// existing file keeps working; the rotation job re-encrypts them. Thread-safe: immutable.
/// </remarks>
internal sealed class SqliteDocumentCodec
{
    private const string Table = "transactions";
    private const string Outbox = "outbox";

    // One reused JSON buffer per calling thread: callers write their documents before they queue for the writer.
    [ThreadStatic]
    private static DocumentBuffer? _buffer;

    private readonly FieldEncryptor? _encryptor;
    private readonly BlindIndex? _index;

    public SqliteDocumentCodec(KeyRing? keys)
    {
        if (keys is { IsConfigured: true })
        {
            _encryptor = new FieldEncryptor(keys);
            _index = new BlindIndex(keys);
        }
    }

    public bool Encrypts => _encryptor is not null;

    /// <summary>
    /// Writes a record's stored document on the calling thread (callers serialize and encrypt before they queue,
    /// in parallel, so the one writer thread only runs statements), bound to its row id.
    /// </summary>
    public byte[] Document(TransactionRecord record)
    {
        var json = (_buffer ??= new DocumentBuffer()).Record(record);
        return _encryptor is null ? json.ToArray() : _encryptor.Encrypt(json, Binding(Table, SqliteTransactionStore.Key(record.Id)));
    }

    /// <summary>Writes an event's stored document on the calling thread, bound to its event id.</summary>
    public byte[] Document(PaymentEvent paymentEvent)
    {
        var json = (_buffer ??= new DocumentBuffer()).Event(paymentEvent);
        return _encryptor is null ? json.ToArray() : _encryptor.Encrypt(json, Binding(Outbox, paymentEvent.EventId.ToByteArray(bigEndian: true)));
    }

    public byte[] Write(TransactionRecord record, byte[] rowKey)
    {
        var json = TransactionRecordJson.Serialize(record);
        return _encryptor is null ? json : _encryptor.Encrypt(json, Binding(Table, rowKey));
    }

    public TransactionRecord Read(byte[] document, byte[] rowKey) =>
        TransactionRecordJson.Deserialize(Open(document, Table, rowKey));

    public byte[] WriteEvent(PaymentEvent paymentEvent, byte[] eventKey)
    {
        var json = TransactionRecordJson.SerializeEvent(paymentEvent);
        return _encryptor is null ? json : _encryptor.Encrypt(json, Binding(Outbox, eventKey));
    }

    public PaymentEvent ReadEvent(byte[] document, byte[] eventKey) =>
        TransactionRecordJson.DeserializeEvent(Open(document, Outbox, eventKey));

    /// <summary>The payer column: the blind index of the token when encrypting, the token itself otherwise.</summary>
    public string Payer(string token) => _index is null ? token : _index.Compute("payer_token", token);

    private byte[] Open(byte[] document, string table, byte[] rowKey)
    {
        if (document.Length > 0 && document[0] == (byte)'{')
        {
            return document; // written in plaintext, before a key was configured
        }

        return _encryptor is null
            ? throw new DataProtectionException(DataProtectionFailure.NotConfigured, "The SQLite store holds encrypted documents but no data-protection key is configured.")
            : _encryptor.Decrypt(document, Binding(table, rowKey));
    }

    private static FieldBinding Binding(string table, byte[] rowKey) => new(table, Convert.ToHexString(rowKey), "document");
}
