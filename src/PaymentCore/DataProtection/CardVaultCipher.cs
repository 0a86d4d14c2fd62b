using System.Security.Cryptography;
using System.Text;
using PaymentCore.Payments;

namespace PaymentCore.DataProtection;

/// <summary>
/// The cryptography of every built-in <see cref="ICardVault"/> (in memory, and the SQLite and PostgreSQL vault
/// tables): checks a card number, derives its token (the keyed blind index of the digits, so the same card always
/// gets the same token) and seals the number with AES-256-GCM bound to that token, so a ciphertext moved to another
/// token's row fails to open.
/// </summary>
/// <remarks>Internal: the stores reach it through InternalsVisibleTo, so the vaults differ only in where they keep the bytes. Thread-safe: immutable.</remarks>
internal sealed class CardVaultCipher
{
    /// <summary>The table name every vault binds its ciphertexts to (the durable stores' table has this name).</summary>
    public const string Table = "card_vault";

    private const string Field = "pan";

    private readonly FieldEncryptor _encryptor;
    private readonly BlindIndex _index;

    /// <summary>Initializes a new instance of the <see cref="CardVaultCipher"/> class.</summary>
    /// <param name="keys">The key ring; it must be configured.</param>
    /// <exception cref="DataProtectionException">The ring has no key (<see cref="DataProtectionFailure.NotConfigured"/>).</exception>
    public CardVaultCipher(KeyRing? keys)
    {
        if (keys is not { IsConfigured: true })
        {
            throw new DataProtectionException(DataProtectionFailure.NotConfigured, "The card vault needs a data-protection key: card numbers are never kept in plaintext.");
        }

        _encryptor = new FieldEncryptor(keys);
        _index = new BlindIndex(keys);
    }

    /// <summary>Gets the ring's active key id.</summary>
    public string ActiveKeyId => _encryptor.Keys.ActiveKeyId!;

    /// <summary>Checks a card number and derives its token.</summary>
    /// <param name="cardNumber">The number; spaces are ignored.</param>
    /// <param name="brand">The brand.</param>
    /// <param name="digits">The number's digits, to seal.</param>
    /// <returns>What the vault returns for the card.</returns>
    /// <exception cref="PaymentValidationException">Not a card number (field <c>cardNumber</c>); the message does not quote it.</exception>
    public VaultedCard Tokenize(string cardNumber, string brand, out string digits)
    {
        ArgumentNullException.ThrowIfNull(cardNumber);
        ArgumentNullException.ThrowIfNull(brand);
        digits = cardNumber.Replace(" ", string.Empty, StringComparison.Ordinal);
        Span<byte> values = stackalloc byte[19];
        if (digits.Length is < 13 or > 19 || !CardBrands.TryParseAsciiDigits(digits, values) || !CardBrands.IsPan(values[..digits.Length]))
        {
            throw new PaymentValidationException(new ValidationError("cardNumber", ValidationRules.CardNumber, "The card number must be 13 to 19 digits that pass the Luhn check, or that match a brand range which does not use it."));
        }

        var token = "tok_" + TokenText.Letters(Convert.FromHexString(_index.Compute(Table, digits).AsSpan(BlindIndex.Prefix.Length)));
        return new VaultedCard(token, brand, digits[..6], digits[^4..]);
    }

    /// <summary>Encrypts a card number under the active key, bound to its token.</summary>
    /// <param name="token">The token.</param>
    /// <param name="digits">The digits.</param>
    /// <returns>The ciphertext.</returns>
    public byte[] Seal(string token, string digits)
    {
        var bytes = Encoding.ASCII.GetBytes(digits);
        try
        {
            return _encryptor.Encrypt(bytes, Binding(token));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Decrypts a stored card number.</summary>
    /// <param name="token">The token it must be bound to.</param>
    /// <param name="ciphertext">The stored ciphertext.</param>
    /// <returns>The card, whose buffer is wiped on dispose.</returns>
    /// <exception cref="DataProtectionException">Wrong key, unknown key id, tampered or moved ciphertext.</exception>
    public DetokenizedCard Open(string token, byte[] ciphertext)
    {
        var bytes = _encryptor.Decrypt(ciphertext, Binding(token));
        try
        {
            var number = new char[bytes.Length];
            Encoding.ASCII.GetChars(bytes, number);
            return new DetokenizedCard(token, number);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Moves a stored card number to the active key, for rotation.</summary>
    /// <param name="token">The token.</param>
    /// <param name="ciphertext">The stored ciphertext.</param>
    /// <returns>The new ciphertext, or <see langword="null"/> when it is already under the active key (it is still authenticated).</returns>
    /// <exception cref="DataProtectionException">The stored ciphertext fails to decrypt.</exception>
    public byte[]? Reencrypt(string token, byte[] ciphertext)
    {
        var text = FieldEncryptor.TextPrefix + Convert.ToBase64String(ciphertext);
        var again = _encryptor.ReencryptText(text, Binding(token));
        return ReferenceEquals(again, text) ? null : Convert.FromBase64String(again[FieldEncryptor.TextPrefix.Length..]);
    }

    /// <summary>The key id a stored card number is encrypted under.</summary>
    /// <param name="ciphertext">The stored ciphertext.</param>
    /// <returns>The key id.</returns>
    public static string KeyIdOf(byte[] ciphertext) => FieldEncryptor.KeyIdOfText(FieldEncryptor.TextPrefix + Convert.ToBase64String(ciphertext));

    private static FieldBinding Binding(string token) => new(Table, token, Field);
}
