using System.Security.Cryptography;

namespace PaymentCore.Audit;

/// <summary>
/// Signs checkpoints with HMAC-SHA256 (RFC 2104), the default <see cref="IAuditCheckpointSigner"/>. Keep the key
/// out of the audit database (a secret store, an environment variable of the application only): whoever holds
/// it can both sign and verify.
/// </summary>
/// <remarks>
/// Older keys may be added for verification after a rotation: checkpoints name the key that signed them.
/// Thread-safe: <see cref="HMACSHA256.HashData(byte[], byte[])"/> is static and the keys are never changed.
/// </remarks>
public sealed class HmacAuditCheckpointSigner : IAuditCheckpointSigner
{
    /// <summary>The shortest key accepted, in bytes: the size of the SHA-256 output (RFC 2104 section 3).</summary>
    public const int MinimumKeyLength = 32;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _signingKey;

    /// <summary>Creates a signer.</summary>
    /// <param name="keyId">The id of the signing key, such as <c>audit-2026-01</c>.</param>
    /// <param name="key">The key, at least <see cref="MinimumKeyLength"/> bytes; copied.</param>
    /// <param name="verificationKeys">Retired keys still accepted for verification, by id.</param>
    /// <exception cref="ArgumentException">The key id is blank, a key is shorter than 32 bytes, or an id repeats.</exception>
    public HmacAuditCheckpointSigner(string keyId, ReadOnlySpan<byte> key, IReadOnlyDictionary<string, byte[]>? verificationKeys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        KeyId = keyId;
        _signingKey = CheckKey(key, nameof(key));
        _keys.Add(keyId, _signingKey);
        foreach (var (id, retired) in verificationKeys ?? new Dictionary<string, byte[]>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(verificationKeys));
            if (!_keys.TryAdd(id, CheckKey(retired, nameof(verificationKeys))))
            {
                throw new ArgumentException($"The key id '{id}' is given twice.", nameof(verificationKeys));
            }
        }
    }

    /// <inheritdoc />
    public string KeyId { get; }

    /// <inheritdoc />
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(HMACSHA256.HashData(_signingKey, data.Span));
    }

    /// <inheritdoc />
    public ValueTask<bool> VerifyAsync(string keyId, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (keyId is null || !_keys.TryGetValue(keyId, out var key))
        {
            return new(false);
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data.Span, expected);

        // Constant time: a forger learns nothing from how long a wrong signature took to refuse.
        return new(CryptographicOperations.FixedTimeEquals(expected, signature.Span));
    }

    private static byte[] CheckKey(ReadOnlySpan<byte> key, string paramName) =>
        key.Length >= MinimumKeyLength
            ? key.ToArray()
            : throw new ArgumentException($"An HMAC-SHA256 checkpoint key must be at least {MinimumKeyLength} bytes; got {key.Length}. Make one with RandomNumberGenerator.GetBytes(32).", paramName);
}
