using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PaymentCore.Payments;

namespace PaymentCore.DataProtection;

/// <summary>
/// The built-in vault: card numbers AES-256-GCM encrypted in memory, bound to their token, under the key ring's
/// active key; tokens are the keyed blind index of the number, so the same card always gets the same token.
/// </summary>
/// <remarks>
/// For tests, samples and single-process services whose cards need not outlive the process; a durable store's
/// vault table keeps the same ciphertexts on disk. Thread-safe.
/// </remarks>
public sealed class InMemoryCardVault : ICardVault, ICardDetokenizer
{
    private const string Table = "card_vault";
    private const string Field = "pan";

    private readonly ConcurrentDictionary<string, byte[]> _cards = new(StringComparer.Ordinal);
    private readonly FieldEncryptor _encryptor;
    private readonly BlindIndex _index;

    /// <summary>Creates a vault over a key ring.</summary>
    /// <param name="keys">The key ring; it must be configured.</param>
    /// <exception cref="DataProtectionException">The ring has no key (<see cref="DataProtectionFailure.NotConfigured"/>).</exception>
    public InMemoryCardVault(KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.IsConfigured)
        {
            throw new DataProtectionException(DataProtectionFailure.NotConfigured, "The card vault needs a data-protection key: card numbers are never kept in plaintext.");
        }

        _encryptor = new FieldEncryptor(keys);
        _index = new BlindIndex(keys);
    }

    /// <summary>Gets how many cards the vault holds.</summary>
    public int Count => _cards.Count;

    /// <inheritdoc />
    public ValueTask<VaultedCard> TokenizeAsync(string cardNumber, string brand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cardNumber);
        ArgumentNullException.ThrowIfNull(brand);
        cancellationToken.ThrowIfCancellationRequested();
        var digits = cardNumber.Replace(" ", string.Empty, StringComparison.Ordinal);
        Span<byte> values = stackalloc byte[19];
        if (digits.Length is < 13 or > 19 || !CardBrands.TryParseAsciiDigits(digits, values) || !CardBrands.IsPan(values[..digits.Length]))
        {
            throw new PaymentValidationException(new ValidationError("cardNumber", ValidationRules.CardNumber, "The card number must be 13 to 19 digits that pass the Luhn check, or that match a brand range which does not use it."));
        }

        var token = "tok_" + TokenText.Letters(Convert.FromHexString(_index.Compute(Table, digits).AsSpan(BlindIndex.Prefix.Length)));
        _cards.GetOrAdd(token, static (t, state) =>
        {
            var bytes = Encoding.ASCII.GetBytes(state.Digits);
            try
            {
                return state.Encryptor.Encrypt(bytes, new FieldBinding(Table, t, Field));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }, (Digits: digits, Encryptor: _encryptor));
        return ValueTask.FromResult(new VaultedCard(token, brand, digits[..6], digits[^4..]));
    }

    /// <inheritdoc />
    public ValueTask<DetokenizedCard?> DetokenizeAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_cards.TryGetValue(token, out var ciphertext))
        {
            return ValueTask.FromResult<DetokenizedCard?>(null);
        }

        var bytes = _encryptor.Decrypt(ciphertext, new FieldBinding(Table, token, Field));
        try
        {
            var number = new char[bytes.Length];
            Encoding.ASCII.GetChars(bytes, number);
            return ValueTask.FromResult<DetokenizedCard?>(new DetokenizedCard(token, number));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Re-encrypts every card under the key ring's active key, for rotation.</summary>
    /// <returns>How many cards were re-encrypted (those already under the active key are left as they are).</returns>
    /// <exception cref="DataProtectionException">A stored card fails to decrypt.</exception>
    public int Reencrypt()
    {
        var moved = 0;
        foreach (var (token, ciphertext) in _cards)
        {
            var binding = new FieldBinding(Table, token, Field);
            var text = FieldEncryptor.TextPrefix + Convert.ToBase64String(ciphertext);
            var again = _encryptor.ReencryptText(text, binding);
            if (!ReferenceEquals(again, text))
            {
                _cards[token] = Convert.FromBase64String(again[FieldEncryptor.TextPrefix.Length..]);
                moved++;
            }
        }

        return moved;
    }

    /// <summary>Returns the key ids the stored cards are encrypted under, for rotation checks.</summary>
    /// <returns>One key id per card.</returns>
    public IReadOnlyList<string> KeyIds() =>
        [.. _cards.Values.Select(c => FieldEncryptor.KeyIdOfText(FieldEncryptor.TextPrefix + Convert.ToBase64String(c)))];
}
