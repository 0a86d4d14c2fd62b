using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaymentCore.Payments;

/// <summary>
/// A card verification code (CVV2, CVC2, CID): 3 or 4 ASCII digits, for one authorization. PCI DSS 3.3.1 forbids
/// keeping it after authorization, even encrypted, so PaymentCore never stores, logs or puts it in an event: it
/// is handed to <see cref="Authorization.IAuthorizer.AuthorizeAsync"/> in
/// <see cref="Authorization.AuthorizerRequest.VerificationCode"/> and to no other call (not to a capture, a status
/// query or recovery).
/// </summary>
/// <remarks>
/// Immutable; safe to share between threads. <see cref="ToString"/> is masked and serializing it with
/// System.Text.Json throws, so it cannot end up in a log, a record or a JSON body by accident.
/// </remarks>
[JsonConverter(typeof(CardVerificationCodeRefusingConverter))]
public sealed class CardVerificationCode
{
    private const string Field = "Cvv";
    private readonly string _digits;

    private CardVerificationCode(string digits) => _digits = digits;

    /// <summary>Gets the number of digits (3, or 4 for American Express).</summary>
    public int Length => _digits.Length;

    /// <summary>Parses a code of 3 or 4 ASCII digits.</summary>
    /// <param name="value">The code as the payer typed it.</param>
    /// <returns>The code.</returns>
    /// <exception cref="PaymentValidationException">Blank, or not 3–4 digits (field <c>Cvv</c>); the message never holds the value.</exception>
    public static CardVerificationCode Parse(string? value) =>
        TryParse(value, out var code)
            ? code
            : throw new PaymentValidationException(new ValidationError(
                Field,
                string.IsNullOrEmpty(value) ? ValidationRules.Required : ValidationRules.Digits,
                "Cvv must be 3 or 4 digits (0-9)."));

    /// <summary>Parses a code of 3 or 4 ASCII digits.</summary>
    /// <param name="value">The code.</param>
    /// <param name="code">The code when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is 3 or 4 ASCII digits.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CardVerificationCode? code)
    {
        // ASCII only: a gateway takes 0-9, and full-width or other scripts' digits are a different string.
        if (value is { Length: 3 or 4 } && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            code = new CardVerificationCode(value);
            return true;
        }

        code = null;
        return false;
    }

    /// <summary>
    /// Gets the digits, for the authorizer adapter that puts them in its gateway's authorization request. Never log,
    /// store or return them.
    /// </summary>
    /// <returns>The 3 or 4 digits.</returns>
    public string Reveal() => _digits;

    /// <summary>Returns the masked form, one <c>*</c> per digit.</summary>
    /// <returns><c>***</c> or <c>****</c>.</returns>
    public override string ToString() => new('*', _digits.Length);
}

/// <summary>Refuses to write or read a <see cref="CardVerificationCode"/> as JSON (PCI DSS 3.3.1: it is never kept).</summary>
internal sealed class CardVerificationCodeRefusingConverter : JsonConverter<CardVerificationCode>
{
    public override CardVerificationCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A CardVerificationCode is never serialized (PCI DSS 3.3.1).");

    public override void Write(Utf8JsonWriter writer, CardVerificationCode value, JsonSerializerOptions options) =>
        throw new NotSupportedException("A CardVerificationCode is never serialized (PCI DSS 3.3.1).");
}
