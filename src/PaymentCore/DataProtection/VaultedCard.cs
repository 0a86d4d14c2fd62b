using PaymentCore.Payments;

namespace PaymentCore.DataProtection;

/// <summary>What a <see cref="ICardVault"/> gives back for a card: its token, brand, BIN (first six digits) and last four.</summary>
/// <param name="Token">The vault token; it identifies the card to rules and authorizers and reveals nothing about the number.</param>
/// <param name="Brand">The card brand the caller named.</param>
/// <param name="First6">The first six digits, the BIN (PCI DSS 3.4.1 allows at most these and the last four to be shown).</param>
/// <param name="Last4">The last four digits.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record VaultedCard(string Token, string Brand, string First6, string Last4)
{
    /// <summary>Returns the card instrument a <see cref="PaymentRequest"/> carries.</summary>
    /// <returns>The instrument.</returns>
    public PaymentInstrument ToInstrument() => PaymentInstrument.Card(Token, Brand, First6, Last4);
}
