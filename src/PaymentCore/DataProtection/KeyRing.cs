using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace PaymentCore.DataProtection;

/// <summary>
/// The data-protection keys in use: one active key that encrypts, older keys that still decrypt, and the key the
/// blind index is derived from. Each purpose gets its own subkey (HKDF-SHA256, RFC 5869), so the AES key and the
/// HMAC key are never the same bytes.
/// </summary>
/// <remarks>Immutable after creation; safe to share between threads. Build a new ring to rotate.</remarks>
public sealed class KeyRing
{
    private static readonly byte[] EncryptionInfo = "PaymentCore.FieldEncryption.v1"u8.ToArray();
    private static readonly byte[] BlindIndexInfo = "PaymentCore.BlindIndex.v1"u8.ToArray();
    private static readonly byte[] KeyCheckLabel = "PaymentCore.KeyCheck.v1"u8.ToArray();

    private readonly FrozenDictionary<string, RingKey> _keys;
    private readonly byte[]? _indexKey;

    private KeyRing(FrozenDictionary<string, RingKey> keys, string? activeKeyId, byte[]? indexKey)
    {
        _keys = keys;
        ActiveKeyId = activeKeyId;
        _indexKey = indexKey;
    }

    /// <summary>Gets the id of the key that encrypts new values; <see langword="null"/> when no key is configured.</summary>
    public string? ActiveKeyId { get; }

    /// <summary>Gets whether a key is configured.</summary>
    public bool IsConfigured => ActiveKeyId is not null;

    /// <summary>Gets the ids of every key the ring can decrypt with.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Builds a ring from a key set.</summary>
    /// <param name="keys">The key set.</param>
    /// <returns>The ring; not configured when the set is empty.</returns>
    /// <exception cref="DataProtectionException">An id repeats, or the active or blind-index key id is not in the set (<see cref="DataProtectionFailure.UnknownKeyId"/>).</exception>
    public static KeyRing Create(KeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Keys.Count == 0)
        {
            return new KeyRing(FrozenDictionary<string, RingKey>.Empty, null, null);
        }

        var ring = new Dictionary<string, RingKey>(StringComparer.Ordinal);
        foreach (var key in keys.Keys)
        {
            if (!ring.TryAdd(key.Id, RingKey.Derive(key)))
            {
                throw new DataProtectionException(DataProtectionFailure.Malformed, $"Data key id '{key.Id}' appears twice.", key.Id);
            }
        }

        var active = keys.ActiveKeyId ?? keys.Keys[^1].Id;
        if (!ring.ContainsKey(active))
        {
            throw new DataProtectionException(DataProtectionFailure.UnknownKeyId, $"The active key id '{active}' is not among the configured keys.", active);
        }

        var indexId = keys.BlindIndexKeyId ?? keys.Keys[0].Id;
        var indexKey = keys.Keys.FirstOrDefault(k => string.Equals(k.Id, indexId, StringComparison.Ordinal))
            ?? throw new DataProtectionException(DataProtectionFailure.UnknownKeyId, $"The blind-index key id '{indexId}' is not among the configured keys.", indexId);
        return new KeyRing(ring.ToFrozenDictionary(StringComparer.Ordinal), active, DeriveSubkey(indexKey.Material, BlindIndexInfo));
    }

    /// <summary>Builds a ring from a provider.</summary>
    /// <param name="provider">The key provider.</param>
    /// <returns>The ring.</returns>
    /// <exception cref="DataProtectionException">The provider's key set is inconsistent.</exception>
    public static KeyRing Create(IKeyProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Create(provider.GetKeys());
    }

    private static byte[] DeriveSubkey(ReadOnlySpan<byte> material, ReadOnlySpan<byte> info)
    {
        var subkey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, subkey, salt: [], info: info);
        return subkey;
    }

    internal RingKey Active => ActiveKeyId is { } id
        ? _keys[id]
        : throw new DataProtectionException(DataProtectionFailure.NotConfigured, "No data-protection key is configured: set DataProtectionOptions.Keys or the PAYMENTCORE_DATA_KEYS environment variable, or plug in an IKeyProvider.");

    internal ReadOnlySpan<byte> IndexKey => _indexKey ?? throw new DataProtectionException(DataProtectionFailure.NotConfigured, "No data-protection key is configured, so no blind index can be computed.");

    internal bool TryGet(string keyId, out RingKey key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>Returns the key ids only.</summary>
    /// <returns>A description without key material.</returns>
    public override string ToString() => $"KeyRing(active {ActiveKeyId ?? "none"}; keys {string.Join(", ", _keys.Keys)})";

    /// <summary>A key's derived encryption subkey, its check value, and its id as written in ciphertexts.</summary>
    internal sealed class RingKey
    {
        private RingKey(string id, byte[] encryptionKey, byte[] check)
        {
            Id = id;
            IdBytes = Encoding.ASCII.GetBytes(id);
            EncryptionKey = encryptionKey;
            Check = check;
        }

        public string Id { get; }

        public byte[] IdBytes { get; }

        public byte[] EncryptionKey { get; }

        /// <summary>4 bytes that tell "this is not the key that encrypted it" apart from tampering; they reveal nothing usable about the key.</summary>
        public byte[] Check { get; }

        public static RingKey Derive(DataKey key)
        {
            var encryption = DeriveSubkey(key.Material, EncryptionInfo);
            var check = HMACSHA256.HashData(encryption, KeyCheckLabel)[..4];
            return new RingKey(key.Id, encryption, check);
        }
    }
}
