using System.Collections.Frozen;
using System.Text;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Processing;

namespace PaymentCore.Payments;

/// <summary>
/// A request to take a payment. It carries everything the rules and the authorizer see, and it is kept with the
/// transaction record, so a replay under the same idempotency key can be compared field by field.
/// </summary>
/// <remarks>
/// Immutable; safe to share between threads. Construction never validates: <see cref="Validate"/> and
/// <see cref="PaymentProcessor.ProcessAsync(PaymentCore.Payments.PaymentRequest, System.Threading.CancellationToken)"/> do, so a bad request always gets a typed error that names the field.
/// </remarks>
public sealed record PaymentRequest
{
    /// <summary>
    /// Gets the idempotency key: required, at most 255 characters, well-formed UTF-16 without control, bidi or
    /// invisible characters, and no card data. The same key always means the same payment.
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets the merchant the payment is taken for. Idempotency keys are scoped to the merchant.</summary>
    public required string MerchantId { get; init; }

    /// <summary>Gets the amount to charge; positive.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the payer's instrument.</summary>
    public required PaymentInstrument Payer { get; init; }

    /// <summary>Gets the account credited: the merchant's settlement account, or the creditor of a payout.</summary>
    public required string Payee { get; init; }

    /// <summary>Gets when the funds are captured.</summary>
    /// <value>Defaults to <see cref="Payments.CaptureMode.Automatic"/>.</value>
    public CaptureMode CaptureMode { get; init; } = CaptureMode.Automatic;

    /// <summary>
    /// Gets an optional description, at most 500 characters, that must not contain card data (a card number or a
    /// verification code) nor control characters other than tab, line feed and carriage return.
    /// </summary>
    public string? Description { get; init; }

    /// <summary>
    /// Gets metadata: at most 50 entries, keys at most 40 characters (identifier rules: no controls, bidi or
    /// invisible characters), values at most 500 (free-text rules: no controls but tab and newlines). Neither may
    /// hold card data; a key that names a CVV (<c>cvv</c>, <c>securityCode</c>) may not hold a 3 or 4 digit value.
    /// </summary>
    /// <value>Defaults to an empty dictionary.</value>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Gets the payee's name, which SEPA and other bank transfers require: at most 140 characters.</summary>
    public string? PayeeName { get; init; }

    /// <summary>Gets the payee's BIC (ISO 9362), 8 or 11 characters, if the route needs it.</summary>
    public string? PayeeBic { get; init; }

    /// <summary>Gets the end-to-end id (ISO 20022 Max35Text) the payer's bank passes unchanged to the payee's.</summary>
    public string? EndToEndId { get; init; }

    /// <summary>Gets the text for the payer's card or bank statement: at most 22 characters, as card networks allow.</summary>
    public string? StatementDescriptor { get; init; }

    /// <summary>Checks every field against its rules.</summary>
    /// <returns>The broken rules, empty when the request is valid.</returns>
    public IReadOnlyList<ValidationError> Validate() => PaymentRequestValidator.Validate(this);

    /// <summary>Names the fields whose values differ between this request and <paramref name="other"/>.</summary>
    /// <param name="other">The other request.</param>
    /// <returns>The differing field names, in declaration order; empty when the requests are equal.</returns>
    public IReadOnlyList<string> DifferingFields(PaymentRequest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        List<string>? fields = null;
        void Add(string name) => (fields ??= []).Add(name);

        if (!string.Equals(IdempotencyKey, other.IdempotencyKey, StringComparison.Ordinal)) Add(nameof(IdempotencyKey));
        if (!string.Equals(MerchantId, other.MerchantId, StringComparison.Ordinal)) Add(nameof(MerchantId));
        if (Amount != other.Amount) Add(nameof(Amount));
        if (Payer != other.Payer) Add(nameof(Payer));
        if (!string.Equals(Payee, other.Payee, StringComparison.Ordinal)) Add(nameof(Payee));
        if (CaptureMode != other.CaptureMode) Add(nameof(CaptureMode));
        if (!string.Equals(Description, other.Description, StringComparison.Ordinal)) Add(nameof(Description));
        if (!MetadataEquals(Metadata, other.Metadata)) Add(nameof(Metadata));
        if (!string.Equals(PayeeName, other.PayeeName, StringComparison.Ordinal)) Add(nameof(PayeeName));
        if (!string.Equals(PayeeBic, other.PayeeBic, StringComparison.Ordinal)) Add(nameof(PayeeBic));
        if (!string.Equals(EndToEndId, other.EndToEndId, StringComparison.Ordinal)) Add(nameof(EndToEndId));
        if (!string.Equals(StatementDescriptor, other.StatementDescriptor, StringComparison.Ordinal)) Add(nameof(StatementDescriptor));
        return (IReadOnlyList<string>?)fields ?? [];
    }

    /// <summary>Compares every field, metadata by content rather than by reference.</summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public bool Equals(PaymentRequest? other) =>
        other is not null && (ReferenceEquals(this, other) || DifferingFields(other).Count == 0);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IdempotencyKey, MerchantId, Amount, Payer, Payee, CaptureMode, Description, Metadata.Count);

    // ToString() masks the key, merchant and payee, and shows only the size of the description and metadata:
    // records end up in logs and exception messages (PCI DSS 3.4.1).
    private bool PrintMembers(StringBuilder builder)
    {
        Redaction.Append(builder, nameof(IdempotencyKey), Redaction.Mask(IdempotencyKey), first: true);
        Redaction.Append(builder, nameof(MerchantId), Redaction.Mask(MerchantId));
        Redaction.Append(builder, nameof(Amount), Amount.ToString());
        Redaction.Append(builder, nameof(Payer), Payer?.ToString() ?? "null");
        Redaction.Append(builder, nameof(Payee), Redaction.Mask(Payee));
        Redaction.Append(builder, nameof(CaptureMode), CaptureMode.ToString());
        Redaction.Append(builder, nameof(Description), Redaction.Length(Description));
        Redaction.Append(builder, nameof(Metadata), Redaction.Count(Metadata));
        return true;
    }

    private static bool MetadataEquals(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
