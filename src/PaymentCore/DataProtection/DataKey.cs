using System.Security.Cryptography;

namespace PaymentCore.DataProtection;

/// <summary>
/// One 256-bit data-protection key and its id. The id travels with every ciphertext, so the key ring can still
/// decrypt what an older key encrypted after a rotation.
/// </summary>
/// <remarks>
/// Immutable; safe to share between threads. <see cref="ToString"/> shows the id only, so a key never reaches a
/// log by accident. The material is copied in, and never handed out.
/// </remarks>
public sealed class DataKey
{
    /// <summary>The key length AES-256 and the HMAC subkeys need.</summary>
    public const int KeySizeInBytes = 32;

    private readonly byte[] _material;

    /// <summary>Creates a key.</summary>
    /// <param name="id">The key id: 1 to 32 ASCII letters, digits, '.', '-' or '_'. It is stored in the clear in every ciphertext.</param>
    /// <param name="material">Exactly 32 bytes from a cryptographic random source or a KMS.</param>
    /// <exception cref="ArgumentException">The id is not of that form, or the material is not 32 bytes.</exception>
    public DataKey(string id, ReadOnlySpan<byte> material)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > 32 || id.AsSpan().ContainsAnyExcept(IdCharacters))
        {
            throw new ArgumentException("A key id is 1 to 32 ASCII letters, digits, '.', '-' or '_'.", nameof(id));
        }

        if (material.Length != KeySizeInBytes)
        {
            throw new ArgumentException($"Key '{id}' has {material.Length} bytes; a data key is exactly {KeySizeInBytes} bytes (AES-256).", nameof(material));
        }

        Id = id;
        _material = material.ToArray();
    }

    /// <summary>Gets the key id.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Material => _material;

    /// <summary>Creates a key of fresh random material, for development and tests. Production keys come from your key custodian.</summary>
    /// <param name="id">The key id.</param>
    /// <returns>The key.</returns>
    public static DataKey Generate(string id)
    {
        Span<byte> material = stackalloc byte[KeySizeInBytes];
        RandomNumberGenerator.Fill(material);
        try
        {
            return new DataKey(id, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Returns the key id only.</summary>
    /// <returns><c>DataKey(id)</c>.</returns>
    public override string ToString() => $"DataKey({Id})";

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-_");
}
