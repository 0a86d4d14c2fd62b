namespace PaymentCore.DataProtection;

/// <summary>What an <see cref="IKeyProvider"/> returns: the keys, which one encrypts, and which one keys the blind index.</summary>
/// <param name="Keys">Every key that may still be needed to decrypt, active one included. Empty when none is configured.</param>
/// <param name="ActiveKeyId">The key that encrypts new values.</param>
/// <param name="BlindIndexKeyId">
/// The key from which the blind-index (HMAC) key is derived. It must stay the same across rotations, or every
/// stored index must be recomputed: a searchable field's index is only found with the key that made it.
/// </param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record KeySet(IReadOnlyList<DataKey> Keys, string? ActiveKeyId, string? BlindIndexKeyId)
{
    /// <summary>Gets a key set with no key: a store refuses to start on it unless plaintext is explicitly allowed.</summary>
    public static KeySet Empty { get; } = new([], null, null);
}
