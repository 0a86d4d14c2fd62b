using NSec.Cryptography;
using PaymentCore.Audit;

namespace PaymentCore.Audit.Ed25519;

/// <summary>
/// Signs audit checkpoints with Ed25519 (RFC 8032) through NSec.Cryptography. Unlike HMAC, verifying needs only
/// the public key: give an auditor <see cref="ForVerification"/> with the public key, and they can check the
/// trail without being able to sign a checkpoint.
/// </summary>
/// <remarks>
/// A separate package because NSec brings libsodium, a native library that PaymentCore's core (which depends only
/// on the Microsoft.Extensions abstractions) and the stores should not force on every user. Thread-safe: NSec's
/// sign and verify calls do not change the keys. Dispose to erase the private key from memory.
/// </remarks>
public sealed class Ed25519CheckpointSigner : IAuditCheckpointSigner, IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly Key? _privateKey;
    private readonly Dictionary<string, PublicKey> _publicKeys = new(StringComparer.Ordinal);

    private Ed25519CheckpointSigner(string keyId, Key? privateKey, PublicKey publicKey, IReadOnlyDictionary<string, byte[]>? retiredPublicKeys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        KeyId = keyId;
        _privateKey = privateKey;
        _publicKeys.Add(keyId, publicKey);
        foreach (var (id, raw) in retiredPublicKeys ?? new Dictionary<string, byte[]>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(retiredPublicKeys));
            if (!_publicKeys.TryAdd(id, ImportPublic(raw, nameof(retiredPublicKeys))))
            {
                throw new ArgumentException($"The key id '{id}' is given twice.", nameof(retiredPublicKeys));
            }
        }
    }

    /// <inheritdoc />
    public string KeyId { get; }

    /// <summary>Gets the 32-byte raw public key, to hand to whoever verifies.</summary>
    public byte[] PublicKey => _publicKeys[KeyId].Export(KeyBlobFormat.RawPublicKey);

    /// <summary>Creates a signer with a new random key pair.</summary>
    /// <param name="keyId">The id written into checkpoints.</param>
    /// <param name="exportablePrivateKey">Whether <see cref="ExportPrivateKey"/> may be called (to save the key to a secret store).</param>
    /// <returns>The signer.</returns>
    /// <exception cref="ArgumentException"><paramref name="keyId"/> is blank.</exception>
    public static Ed25519CheckpointSigner Create(string keyId, bool exportablePrivateKey = false)
    {
        var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = exportablePrivateKey ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None });
        return new Ed25519CheckpointSigner(keyId, key, key.PublicKey, null);
    }

    /// <summary>Creates a signer from a saved 32-byte raw private key (the RFC 8032 seed).</summary>
    /// <param name="keyId">The id written into checkpoints.</param>
    /// <param name="privateKey">The raw private key.</param>
    /// <param name="retiredPublicKeys">Public keys of retired key ids, still accepted for verification.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="ArgumentException">The key id is blank or a key is not a valid Ed25519 key.</exception>
    public static Ed25519CheckpointSigner FromPrivateKey(string keyId, ReadOnlySpan<byte> privateKey, IReadOnlyDictionary<string, byte[]>? retiredPublicKeys = null)
    {
        if (!Key.TryImport(Algorithm, privateKey, KeyBlobFormat.RawPrivateKey, out var key))
        {
            throw new ArgumentException($"The private key is not a 32-byte raw Ed25519 key; got {privateKey.Length} bytes.", nameof(privateKey));
        }

        return new Ed25519CheckpointSigner(keyId, key, key!.PublicKey, retiredPublicKeys);
    }

    /// <summary>Creates a verifier that holds only public keys: it checks checkpoints and cannot sign.</summary>
    /// <param name="keyId">The id of the current key.</param>
    /// <param name="publicKey">Its 32-byte raw public key.</param>
    /// <param name="retiredPublicKeys">Public keys of retired key ids.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="ArgumentException">The key id is blank or a key is not a valid Ed25519 public key.</exception>
    public static Ed25519CheckpointSigner ForVerification(string keyId, ReadOnlySpan<byte> publicKey, IReadOnlyDictionary<string, byte[]>? retiredPublicKeys = null) =>
        new(keyId, null, ImportPublic(publicKey, nameof(publicKey)), retiredPublicKeys);

    /// <summary>Exports the 32-byte raw private key, to keep in a secret store.</summary>
    /// <returns>The private key.</returns>
    /// <exception cref="InvalidOperationException">This signer holds no private key, or it was created not exportable.</exception>
    public byte[] ExportPrivateKey() =>
        _privateKey is null
            ? throw new InvalidOperationException("This signer holds only public keys.")
            : _privateKey.Export(KeyBlobFormat.RawPrivateKey);

    /// <inheritdoc />
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_privateKey is null)
        {
            throw new InvalidOperationException("This signer holds only public keys: it verifies checkpoints but cannot sign them.");
        }

        return new(Algorithm.Sign(_privateKey, data.Span));
    }

    /// <inheritdoc />
    public ValueTask<bool> VerifyAsync(string keyId, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(keyId is not null && _publicKeys.TryGetValue(keyId, out var publicKey) && Algorithm.Verify(publicKey, data.Span, signature.Span));
    }

    /// <inheritdoc />
    public void Dispose() => _privateKey?.Dispose();

    private static PublicKey ImportPublic(ReadOnlySpan<byte> raw, string paramName) =>
        NSec.Cryptography.PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out var key)
            ? key!
            : throw new ArgumentException($"Not a 32-byte raw Ed25519 public key; got {raw.Length} bytes.", paramName);
}
