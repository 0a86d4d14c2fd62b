using PaymentCore.DataProtection;
using PaymentCore.Monetary;

namespace PaymentCore.Payments;

/// <summary>The field rules of <see cref="PaymentRequest"/>, in one place.</summary>
internal static class PaymentRequestValidator
{
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxIdentifierLength = 128;
    public const int MaxDescriptionLength = 500;
    public const int MaxMetadataEntries = 50;
    public const int MaxMetadataKeyLength = 40;
    public const int MaxMetadataValueLength = 500;

    /// <summary>Validates every field. Allocates nothing for a valid request: the hot path stays cheap.</summary>
    public static IReadOnlyList<ValidationError> Validate(PaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<ValidationError>? errors = null;

        Text(ref errors, "IdempotencyKey", request.IdempotencyKey, MaxIdempotencyKeyLength);
        Text(ref errors, "MerchantId", request.MerchantId, MaxIdentifierLength);
        Amount(ref errors, "Amount", request.Amount);
        Instrument(ref errors, request.Payer);
        Text(ref errors, "Payee", request.Payee, MaxIdentifierLength);

        if (!Enum.IsDefined(request.CaptureMode))
        {
            Add(ref errors, "CaptureMode", ValidationRules.Defined, $"'{(int)request.CaptureMode}' is not a capture mode; use Automatic or Manual.");
        }

        if (request.Description is { } description)
        {
            if (description.Length > MaxDescriptionLength)
            {
                Add(ref errors, "Description", ValidationRules.MaximumLength, $"The description is {description.Length} characters; at most {MaxDescriptionLength} are allowed.");
            }
            else if (CallerText.CheckFreeText("Description", description) is { } error)
            {
                (errors ??= []).Add(error);
            }
        }

        Metadata(ref errors, request.Metadata);
        OptionalText(ref errors, "PayeeName", request.PayeeName, 140);
        OptionalText(ref errors, "EndToEndId", request.EndToEndId, 35);
        OptionalText(ref errors, "StatementDescriptor", request.StatementDescriptor, 22);
        if (request.PayeeBic is { } bic && !IsBic(bic))
        {
            Add(ref errors, "PayeeBic", ValidationRules.Format, "The BIC must be 8 or 11 letters and digits (ISO 9362): 4 bank, 2 country letters, 2 location, optional 3 branch.");
        }

        return (IReadOnlyList<ValidationError>?)errors ?? [];
    }

    // Optional free text the authorizer passes on (names, ids, statement text): bounded, and never a card number.
    private static void OptionalText(ref List<ValidationError>? errors, string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0 || value.Length > maxLength)
        {
            Add(ref errors, field, ValidationRules.MaximumLength, $"The {field} must be 1 to {maxLength} characters; it is {value.Length}.");
        }
        else if ((CallerText.CheckFreeText(field, value) ?? CallerText.CheckCardData(field, value)) is { } error)
        {
            (errors ??= []).Add(error); // control characters, card numbers or verification codes: the one detector
        }
    }

    private static bool IsBic(string bic) =>
        bic.Length is 8 or 11
        && bic.AsSpan(0, 6).IndexOfAnyExceptInRange('A', 'Z') < 0
        && bic.AsSpan(6).IndexOfAnyExcept(BicTail) < 0;

    private static readonly System.Buffers.SearchValues<char> BicTail = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /// <summary>Validates an amount for a capture or refund against what is left.</summary>
    public static void ValidateOperationAmount(Money amount, Money remaining, string operation)
    {
        List<ValidationError>? errors = null;
        Amount(ref errors, "Amount", amount);
        if (errors is null && amount.Currency != remaining.Currency)
        {
            Add(ref errors, "Amount", ValidationRules.SameCurrency, $"The {operation} is in {amount.Currency} but the payment is in {remaining.Currency}.");
        }
        else if (errors is null && amount > remaining)
        {
            Add(ref errors, "Amount", ValidationRules.WithinRemaining, $"The {operation} of {amount} exceeds the {remaining} left to {operation}.");
        }

        if (errors is not null)
        {
            throw new PaymentValidationException(errors);
        }
    }

    private static void Amount(ref List<ValidationError>? errors, string field, Money amount)
    {
        if (amount.Currency.IsDefault)
        {
            Add(ref errors, field, ValidationRules.Currency, "The amount has no currency; create it with an ISO 4217 currency.");
        }
        else if (amount.MinorUnits <= 0)
        {
            Add(ref errors, field, ValidationRules.Positive, $"The amount must be greater than zero; it is {amount}.");
        }
    }

    private static void Instrument(ref List<ValidationError>? errors, PaymentInstrument? payer)
    {
        if (payer is null)
        {
            Add(ref errors, "Payer", ValidationRules.Required, "A payer instrument is required.");
            return;
        }

        // A PAN passed as a token would be stored in clear: the identifier check refuses it (PCI DSS 3.4.1).
        Text(ref errors, "Payer.Token", payer.Token, MaxIdentifierLength);

        switch (payer.Kind)
        {
            case InstrumentKind.Card:
                Text(ref errors, "Payer.Brand", payer.Brand, 32);
                Digits(ref errors, "Payer.First6", payer.First6, 6);
                Digits(ref errors, "Payer.Last4", payer.Last4, 4);
                break;
            case InstrumentKind.Account:
                break;
            default:
                Add(ref errors, "Payer.Kind", ValidationRules.Defined, $"'{(int)payer.Kind}' is not an instrument kind; use Card or Account.");
                break;
        }
    }

    private static void Metadata(ref List<ValidationError>? errors, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            Add(ref errors, "Metadata", ValidationRules.Required, "Metadata must not be null; leave it empty instead.");
            return;
        }

        if (metadata.Count > MaxMetadataEntries)
        {
            Add(ref errors, "Metadata", ValidationRules.MaximumCount, $"Metadata has {metadata.Count} entries; at most {MaxMetadataEntries} are allowed.");
            return;
        }

        var index = 0;
        foreach (var (key, value) in metadata)
        {
            // The key names the field in the error, so it is shown only when it is safe to show: a key holding
            // card data, controls or broken UTF-16 is named by its position instead.
            var check = key is null ? null : CallerText.CheckIdentifier("The metadata key", key, int.MaxValue);
            var blank = key is null || check is { Rule: ValidationRules.Required };
            var field = check is null || blank ? $"Metadata[{Truncate(key)}]" : $"Metadata[#{index}]";
            index++;
            if (blank)
            {
                Add(ref errors, field, ValidationRules.Required, "Metadata keys must not be blank.");
            }
            else if (check is not null)
            {
                (errors ??= []).Add(check with { Field = field });
                continue;
            }
            else if (key!.Length > MaxMetadataKeyLength)
            {
                Add(ref errors, field, ValidationRules.MaximumLength, $"The key is {key.Length} characters; at most {MaxMetadataKeyLength} are allowed.");
            }

            if (value is null)
            {
                Add(ref errors, field, ValidationRules.Required, "Metadata values must not be null.");
            }
            else if (value.Length > MaxMetadataValueLength)
            {
                Add(ref errors, field, ValidationRules.MaximumLength, $"The value is {value.Length} characters; at most {MaxMetadataValueLength} are allowed.");
            }
            else if ((CallerText.CheckFreeText(field, value) ?? CallerText.CheckCardData(field, value, key.AsSpan())) is { } error)
            {
                // The key is part of the check: a 3 or 4 digit value under "cvv" is a verification code.
                (errors ??= []).Add(error);
            }
        }
    }

    private static string Truncate(string? key) => key is null ? "null" : key.Length <= 40 ? key : key[..40] + "…";

    private static void Text(ref List<ValidationError>? errors, string field, string? value, int maxLength)
    {
        if (CallerText.CheckIdentifier(field, value, maxLength) is { } error)
        {
            (errors ??= []).Add(error);
        }
    }

    /// <summary>Validates the idempotency key of an operation on an existing payment (a refund key), as request keys are.</summary>
    /// <exception cref="PaymentValidationException">The key is not a valid identifier of at most 255 characters.</exception>
    public static void ValidateOperationKey(string field, string? key)
    {
        if (CallerText.CheckIdentifier(field, key, MaxIdempotencyKeyLength) is { } error)
        {
            throw new PaymentValidationException(error);
        }
    }

    private static void Digits(ref List<ValidationError>? errors, string field, string? value, int count)
    {
        if (value is null || value.Length != count || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            Add(ref errors, field, ValidationRules.Digits, $"{field} must be exactly {count} digits.");
        }
    }

    private static void Add(ref List<ValidationError>? errors, string field, string rule, string message) =>
        (errors ??= []).Add(new ValidationError(field, rule, message));
}
