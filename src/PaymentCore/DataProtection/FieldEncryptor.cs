using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PaymentCore.DataProtection;

/// <summary>
/// Encrypts and decrypts single fields with AES-256-GCM (the BCL's <see cref="AesGcm"/>), bound to their row and
/// field, under the key ring's active key, in a versioned format that carries the key id.
/// </summary>
/// <remarks>
/// <para>Format version 1, binary: <c>01 | n | key id (n ASCII bytes) | key check (4) | nonce (12) | tag (16) | ciphertext</c>.
/// The text form, for text columns, is <c>pc1:</c> followed by the standard Base64 of those bytes. The associated
/// data is the header (version to key check) followed by the <see cref="FieldBinding"/>, length-prefixed, so neither
/// the key id nor the binding can be changed without the tag failing.</para>
/// <para>Nonces are 96 random bits per encryption. NIST SP 800-38D bounds random nonces to 2^32 encryptions per key:
/// rotate keys well before that (billions of field writes).</para>
/// <para>Every failure is a <see cref="DataProtectionException"/> whose <see cref="DataProtectionException.Failure"/>
/// says which: <see cref="DataProtectionFailure.UnknownKeyId"/>, <see cref="DataProtectionFailure.WrongKey"/>,
/// <see cref="DataProtectionFailure.Tampered"/> (a changed byte, or a ciphertext moved from another row or field),
/// <see cref="DataProtectionFailure.Malformed"/>. Garbage plaintext is never returned.</para>
/// <para>Thread-safe: each call uses its own <see cref="AesGcm"/> instance.</para>
/// </remarks>
public sealed class FieldEncryptor
{
    /// <summary>The prefix of the text form of a version 1 ciphertext.</summary>
    public const string TextPrefix = "pc1:";

    private const byte Version = 1;
    private const int CheckSize = 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Strict: a string that is not well-formed UTF-16 is refused rather than silently changed.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly KeyRing _keys;

    /// <summary>Creates an encryptor over a key ring.</summary>
    /// <param name="keys">The key ring.</param>
    public FieldEncryptor(KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    /// <summary>Gets the key ring.</summary>
    public KeyRing Keys => _keys;

    /// <summary>Encrypts bytes under the active key.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="binding">The row and field the ciphertext belongs to.</param>
    /// <returns>The version 1 ciphertext.</returns>
    /// <exception cref="DataProtectionException">No key is configured (<see cref="DataProtectionFailure.NotConfigured"/>).</exception>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, FieldBinding binding)
    {
        var key = _keys.Active;
        var headerLength = 2 + key.IdBytes.Length + CheckSize;
        var output = new byte[headerLength + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        output[1] = (byte)key.IdBytes.Length;
        key.IdBytes.CopyTo(output, 2);
        key.Check.CopyTo(output, 2 + key.IdBytes.Length);
        var nonce = output.AsSpan(headerLength, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = output.AsSpan(headerLength + NonceSize, TagSize);
        var body = output.AsSpan(headerLength + NonceSize + TagSize);

        var aad = RentAssociatedData(output.AsSpan(0, headerLength), binding, out var aadLength);
        try
        {
            using var aes = new AesGcm(key.EncryptionKey, TagSize);
            aes.Encrypt(nonce, plaintext, body, tag, aad.AsSpan(0, aadLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(aad);
        }

        return output;
    }

    /// <summary>Decrypts a version 1 ciphertext with whichever key of the ring encrypted it.</summary>
    /// <param name="ciphertext">The ciphertext.</param>
    /// <param name="binding">The row and field it must belong to.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="DataProtectionException">The ciphertext is malformed, names an unknown key id, was made with another key under that id, or was changed or moved.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, FieldBinding binding)
    {
        var (key, headerLength) = ReadHeader(ciphertext);
        var nonce = ciphertext.Slice(headerLength, NonceSize);
        var tag = ciphertext.Slice(headerLength + NonceSize, TagSize);
        var body = ciphertext[(headerLength + NonceSize + TagSize)..];
        var plaintext = new byte[body.Length];
        var ok = true;
        var aad = RentAssociatedData(ciphertext[..headerLength], binding, out var aadLength);
        try
        {
            using var aes = new AesGcm(key.EncryptionKey, TagSize);
            aes.Decrypt(nonce, body, tag, plaintext, aad.AsSpan(0, aadLength));
        }
        catch (AuthenticationTagMismatchException)
        {
            ok = false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(aad);
        }

        if (!ok)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new DataProtectionException(DataProtectionFailure.Tampered, $"A ciphertext for {Describe(binding)} under key '{key.Id}' failed authentication: it was changed, or moved from another row or field.", key.Id);
        }

        return plaintext;
    }

    /// <summary>Encrypts text into the text form (<c>pc1:…</c>).</summary>
    /// <param name="plaintext">The text; well-formed UTF-16.</param>
    /// <param name="binding">The row and field.</param>
    /// <returns>The text-form ciphertext.</returns>
    /// <exception cref="ArgumentException">The text is not well-formed UTF-16.</exception>
    /// <exception cref="DataProtectionException">No key is configured.</exception>
    public string EncryptText(string plaintext, FieldBinding binding)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        byte[] bytes;
        try
        {
            bytes = Utf8.GetBytes(plaintext);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The text is not well-formed UTF-16 and cannot be encrypted without changing it.", nameof(plaintext), ex);
        }

        try
        {
            return TextPrefix + Convert.ToBase64String(Encrypt(bytes, binding));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Decrypts the text form.</summary>
    /// <param name="ciphertext">The text-form ciphertext.</param>
    /// <param name="binding">The row and field it must belong to.</param>
    /// <returns>The text.</returns>
    /// <exception cref="DataProtectionException">As <see cref="Decrypt"/>; <see cref="DataProtectionFailure.Malformed"/> when the text is not of the form.</exception>
    public string DecryptText(string ciphertext, FieldBinding binding)
    {
        var bytes = Decrypt(FromText(ciphertext), binding);
        try
        {
            return Utf8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>True when <paramref name="value"/> is in the text form of a ciphertext (it may still fail to decrypt).</summary>
    /// <param name="value">A stored value.</param>
    /// <returns><see langword="true"/> when it starts with <see cref="TextPrefix"/>.</returns>
    public static bool IsEncryptedText(string? value) => value is not null && value.StartsWith(TextPrefix, StringComparison.Ordinal);

    /// <summary>Reads the key id of a text-form ciphertext without decrypting it.</summary>
    /// <param name="ciphertext">The text-form ciphertext.</param>
    /// <returns>The key id.</returns>
    /// <exception cref="DataProtectionException">The text is not a ciphertext (<see cref="DataProtectionFailure.Malformed"/>).</exception>
    public static string KeyIdOfText(string ciphertext)
    {
        var bytes = FromText(ciphertext);
        return Encoding.ASCII.GetString(bytes, 2, ReadIdLength(bytes));
    }

    /// <summary>
    /// Re-encrypts a text-form ciphertext under the active key, for key rotation; returns it unchanged when it is
    /// already under the active key. Run it over every stored value, then retire the old key.
    /// </summary>
    /// <param name="ciphertext">The text-form ciphertext.</param>
    /// <param name="binding">Its row and field (the same before and after).</param>
    /// <returns>A ciphertext under the active key.</returns>
    /// <exception cref="DataProtectionException">As <see cref="DecryptText"/>.</exception>
    public string ReencryptText(string ciphertext, FieldBinding binding)
    {
        if (string.Equals(KeyIdOfText(ciphertext), _keys.ActiveKeyId, StringComparison.Ordinal))
        {
            // Still authenticate it: a rotation pass must not bless a tampered value by skipping it.
            _ = Decrypt(FromText(ciphertext), binding);
            return ciphertext;
        }

        return EncryptText(DecryptText(ciphertext, binding), binding);
    }

    private (KeyRing.RingKey Key, int HeaderLength) ReadHeader(ReadOnlySpan<byte> ciphertext)
    {
        var idLength = ReadIdLength(ciphertext);
        var headerLength = 2 + idLength + CheckSize;
        var id = Encoding.ASCII.GetString(ciphertext.Slice(2, idLength));
        if (!_keys.TryGet(id, out var key))
        {
            throw new DataProtectionException(DataProtectionFailure.UnknownKeyId, $"A ciphertext names key '{id}', which the key ring does not hold (keys: {string.Join(", ", _keys.KeyIds)}).", id);
        }

        if (!CryptographicOperations.FixedTimeEquals(ciphertext.Slice(2 + idLength, CheckSize), key.Check))
        {
            throw new DataProtectionException(DataProtectionFailure.WrongKey, $"Key '{id}' in the key ring is not the key that encrypted this value: the key's check value differs. Was the key replaced under the same id?", id);
        }

        return (key, headerLength);
    }

    private static int ReadIdLength(ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < 2 || ciphertext[0] != Version)
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, ciphertext.Length < 2 ? "The ciphertext is truncated." : $"The ciphertext has format version {ciphertext[0]}; this version reads version {Version}.");
        }

        int idLength = ciphertext[1];
        if (idLength is 0 or > 32 || ciphertext.Length < 2 + idLength + CheckSize + NonceSize + TagSize)
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, "The ciphertext is truncated or its key id length is invalid.");
        }

        foreach (var b in ciphertext.Slice(2, idLength))
        {
            if (b is < 0x21 or > 0x7e)
            {
                throw new DataProtectionException(DataProtectionFailure.Malformed, "The ciphertext's key id is not printable ASCII.");
            }
        }

        return idLength;
    }

    private static byte[] FromText(string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (!IsEncryptedText(ciphertext))
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, $"The value is not a ciphertext (it does not start with '{TextPrefix}').");
        }

        try
        {
            return Convert.FromBase64String(ciphertext[TextPrefix.Length..]);
        }
        catch (FormatException ex)
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, "The ciphertext's Base64 is invalid.", null, ex);
        }
    }

    // Associated data: the header, then the binding as length-prefixed UTF-8 strings under a domain label, so
    // ("ab", "c") and ("a", "bc") can never collide.
    private static byte[] RentAssociatedData(ReadOnlySpan<byte> header, FieldBinding binding, out int length)
    {
        ReadOnlySpan<byte> label = "PaymentCore.Field.v1"u8;
        var table = binding.Table ?? string.Empty;
        var row = binding.Row ?? string.Empty;
        var field = binding.Field ?? string.Empty;
        var max = header.Length + label.Length + 12 + Utf8.GetMaxByteCount(table.Length + row.Length + field.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        var span = rented.AsSpan();
        header.CopyTo(span);
        var at = header.Length;
        label.CopyTo(span[at..]);
        at += label.Length;
        foreach (var part in (ReadOnlySpan<string>)[table, row, field])
        {
            var n = Utf8.GetBytes(part, span[(at + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], n);
            at += 4 + n;
        }

        length = at;
        return rented;
    }

    private static string Describe(FieldBinding binding) => $"{binding.Table}.{binding.Field}";
}
