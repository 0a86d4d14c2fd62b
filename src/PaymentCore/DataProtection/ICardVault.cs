using PaymentCore.Payments;

namespace PaymentCore.DataProtection;

/// <summary>
/// Keeps card numbers encrypted (PCI DSS 3.5.1, strong cryptography) and hands out tokens in their place. The
/// rest of PaymentCore only ever sees the token, BIN and last four.
/// </summary>
/// <remarks>
/// Getting a number back is not part of this interface: only an authorizer adapter that must send the number to
/// its acquirer does that, through <see cref="ICardDetokenizer"/>, so code that can tokenize cannot read cards.
/// Implementations must be thread-safe.
/// </remarks>
public interface ICardVault
{
    /// <summary>Stores a card number encrypted and returns its token. The same number always gets the same token.</summary>
    /// <param name="cardNumber">The card number: 13 to 19 digits valid for a brand; spaces are ignored.</param>
    /// <param name="brand">The card brand.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token, brand, BIN and last four.</returns>
    /// <exception cref="PaymentValidationException">The number is not a card number (field <c>cardNumber</c>); the message does not quote it.</exception>
    ValueTask<VaultedCard> TokenizeAsync(string cardNumber, string brand, CancellationToken cancellationToken = default);
}
