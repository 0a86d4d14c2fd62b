using System.Security.Cryptography;
using System.Text;
using PaymentCore.DataProtection;

namespace PaymentCore.Payments;

/// <summary>
/// The payer's instrument as PaymentCore keeps it: a token, and for cards the brand, first six and last four
/// digits. The full card number is never part of this type, so it can never reach a record, a log or an event
/// (PCI DSS requirement 3.4: render the PAN unreadable wherever it is stored).
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record PaymentInstrument
{
    /// <summary>Creates an instrument. Prefer <see cref="Card"/>, <see cref="Account"/> or <see cref="FromCardNumber"/>.</summary>
    /// <param name="kind">The instrument kind.</param>
    /// <param name="token">The vault token or account identifier; it identifies the payer to rules and authorizers.</param>
    /// <param name="brand">The card brand (cards only).</param>
    /// <param name="first6">The first six digits of the card number, the issuer identification number (cards only).</param>
    /// <param name="last4">The last four digits of the card number (cards only).</param>
    public PaymentInstrument(InstrumentKind kind, string token, string? brand = null, string? first6 = null, string? last4 = null)
    {
        Kind = kind;
        Token = token;
        Brand = brand;
        First6 = first6;
        Last4 = last4;
    }

    /// <summary>Gets the instrument kind.</summary>
    public InstrumentKind Kind { get; init; }

    /// <summary>Gets the vault token (cards) or account identifier (accounts). Identifies the payer.</summary>
    public string Token { get; init; }

    /// <summary>Gets the card brand, such as <c>visa</c>; <see langword="null"/> for accounts.</summary>
    public string? Brand { get; init; }

    /// <summary>Gets the first six digits of the card number; <see langword="null"/> for accounts.</summary>
    public string? First6 { get; init; }

    /// <summary>Gets the last four digits of the card number; <see langword="null"/> for accounts.</summary>
    public string? Last4 { get; init; }

    // The token may be an account (an IBAN): mask it. Brand, first six and last four are what PCI DSS 3.4.1 allows.
    private bool PrintMembers(StringBuilder builder)
    {
        Redaction.Append(builder, nameof(Kind), Kind.ToString(), first: true);
        Redaction.Append(builder, nameof(Token), Redaction.Mask(Token));
        Redaction.Append(builder, nameof(Brand), Brand ?? "null");
        Redaction.Append(builder, nameof(First6), First6 ?? "null");
        Redaction.Append(builder, nameof(Last4), Last4 ?? "null");
        return true;
    }

    /// <summary>Creates a card instrument from a vault token you already hold.</summary>
    /// <param name="token">The vault token.</param>
    /// <param name="brand">The card brand.</param>
    /// <param name="first6">The first six digits.</param>
    /// <param name="last4">The last four digits.</param>
    /// <returns>The instrument. It is validated when a payment uses it.</returns>
    public static PaymentInstrument Card(string token, string brand, string first6, string last4) =>
        new(InstrumentKind.Card, token, brand, first6, last4);

    /// <summary>Creates an account instrument (an IBAN, a wallet id).</summary>
    /// <param name="accountId">The account identifier.</param>
    /// <returns>The instrument. It is validated when a payment uses it.</returns>
    public static PaymentInstrument Account(string accountId) => new(InstrumentKind.Account, accountId);

    /// <summary>
    /// Turns a full card number into an instrument that keeps only a keyed token (HMAC-SHA256), the brand, the
    /// first six and the last four digits. The card number itself is not kept anywhere.
    /// </summary>
    /// <param name="cardNumber">The card number: 13 to 19 digits that pass the Luhn check or lie in a brand range that does not use it; spaces are ignored.</param>
    /// <param name="brand">The card brand.</param>
    /// <param name="tokenKey">
    /// A secret key of at least 32 bytes. The token is keyed because an unkeyed hash of a card number can be
    /// reversed by trying every number with the known first six and last four digits.
    /// </param>
    /// <returns>The instrument.</returns>
    /// <exception cref="PaymentValidationException">The card number is not 13 to 19 digits valid for a brand, or the key is too short.</exception>
    public static PaymentInstrument FromCardNumber(string cardNumber, string brand, ReadOnlySpan<byte> tokenKey)
    {
        ArgumentNullException.ThrowIfNull(cardNumber);
        if (tokenKey.Length < 32)
        {
            throw new PaymentValidationException(new ValidationError("tokenKey", ValidationRules.MinimumLength, "The token key must be at least 32 bytes."));
        }

        var digits = cardNumber.Replace(" ", string.Empty, StringComparison.Ordinal);
        Span<byte> values = stackalloc byte[19];
        if (digits.Length is < 13 or > 19 || !CardBrands.TryParseAsciiDigits(digits, values) || !CardBrands.IsPan(values[..digits.Length]))
        {
            // 12 digits is refused: no brand issues 12-digit cards any more (Maestro's were retired), and a 12-digit
            // string is far more often a phone or order number.
            throw new PaymentValidationException(new ValidationError("cardNumber", ValidationRules.CardNumber, "The card number must be 13 to 19 digits that pass the Luhn check, or that match a brand range which does not use it (Elo, RuPay, UnionPay)."));
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(tokenKey, Encoding.ASCII.GetBytes(digits), mac);
        // Letters only: a hex token can hold a digit run that reads as a card number (issue 12).
        var token = "tok_" + TokenText.Letters(mac[..16]);
        return Card(token, brand, digits[..6], digits[^4..]);
    }
}
