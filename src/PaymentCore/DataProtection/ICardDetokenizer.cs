namespace PaymentCore.DataProtection;

/// <summary>
/// Turns a vault token back into the card number, for an authorizer adapter that sends it to the acquirer, and
/// for nothing else. Register it only where such an adapter is built; keep it out of application code.
/// </summary>
/// <remarks>
/// The number comes back in a <see cref="DetokenizedCard"/> whose buffer is wiped when disposed: use it inside a
/// <c>using</c> block for the one call that needs it, and never log or store it. Implementations must be thread-safe.
/// </remarks>
public interface ICardDetokenizer
{
    /// <summary>Decrypts the card number of a token.</summary>
    /// <param name="token">The vault token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The card, or <see langword="null"/> when the vault holds no such token.</returns>
    /// <exception cref="DataProtectionException">The stored ciphertext fails to decrypt (wrong key, tampered, unknown key id).</exception>
    ValueTask<DetokenizedCard?> DetokenizeAsync(string token, CancellationToken cancellationToken = default);
}
