using System.Collections.Concurrent;
using PaymentCore.Payments;

namespace PaymentCore.DataProtection;

/// <summary>
/// The built-in vault: card numbers AES-256-GCM encrypted in memory, bound to their token, under the key ring's
/// active key; tokens are the keyed blind index of the number, so the same card always gets the same token.
/// </summary>
/// <remarks>
/// For tests, samples and single-process services whose cards need not outlive the process; the durable stores'
/// vaults (<c>SqliteCardVault</c>, <c>PostgreSqlCardVault</c>) keep the same ciphertexts in a table. Thread-safe.
/// </remarks>
public sealed class InMemoryCardVault : ICardVault, ICardDetokenizer
{
    private readonly ConcurrentDictionary<string, byte[]> _cards = new(StringComparer.Ordinal);
    private readonly CardVaultCipher _cipher;

    /// <summary>Creates a vault over a key ring.</summary>
    /// <param name="keys">The key ring; it must be configured.</param>
    /// <exception cref="DataProtectionException">The ring has no key (<see cref="DataProtectionFailure.NotConfigured"/>).</exception>
    public InMemoryCardVault(KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _cipher = new CardVaultCipher(keys);
    }

    /// <summary>Gets how many cards the vault holds.</summary>
    public int Count => _cards.Count;

    /// <inheritdoc />
    public ValueTask<VaultedCard> TokenizeAsync(string cardNumber, string brand, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var card = _cipher.Tokenize(cardNumber, brand, out var digits);
        _cards.GetOrAdd(card.Token, static (token, state) => state.Cipher.Seal(token, state.Digits), (Digits: digits, Cipher: _cipher));
        return ValueTask.FromResult(card);
    }

    /// <inheritdoc />
    public ValueTask<DetokenizedCard?> DetokenizeAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_cards.TryGetValue(token, out var ciphertext) ? _cipher.Open(token, ciphertext) : null);
    }

    /// <summary>Re-encrypts every card under the key ring's active key, for rotation.</summary>
    /// <returns>How many cards were re-encrypted (those already under the active key are left as they are).</returns>
    /// <exception cref="DataProtectionException">A stored card fails to decrypt.</exception>
    public int Reencrypt()
    {
        var moved = 0;
        foreach (var (token, ciphertext) in _cards)
        {
            if (_cipher.Reencrypt(token, ciphertext) is { } again)
            {
                _cards[token] = again;
                moved++;
            }
        }

        return moved;
    }

    /// <summary>Returns the key ids the stored cards are encrypted under, for rotation checks.</summary>
    /// <returns>One key id per card.</returns>
    public IReadOnlyList<string> KeyIds() => [.. _cards.Values.Select(CardVaultCipher.KeyIdOf)];
}
