using System.Globalization;
using PaymentCore.ExchangeRates;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Batch;

public sealed partial class BatchProcessor
{
    internal async ValueTask<BatchItemResult> ProcessItemAsync(BatchHeader header, long sequence, BatchItem item, bool repeat, CaptureMode mode, CancellationToken cancellationToken)
    {
        if (Unsubmittable(sequence, item, repeat) is { } rejected)
        {
            return rejected;
        }

        var request = ToRequest(header, item, mode);
        ExchangeRateQuote? quote = null;
        if (item.TransferCurrency is { } transfer && transfer != item.Amount.Currency)
        {
            var conversion = await ConvertAsync(header, sequence, item, transfer, request, cancellationToken).ConfigureAwait(false);
            if (conversion.Rejected is { } notConverted)
            {
                return notConverted;
            }

            (request, quote) = (conversion.Request!, conversion.Quote);
        }

        PaymentResult payment;
        try
        {
            // No payer is there to answer a step-up: a demand for one declines the item (reported Rejected, AG01).
            payment = await _processor.ProcessCoreAsync(request, allowStepUp: false, cancellationToken).ConfigureAwait(false);
        }
        catch (PaymentValidationException ex)
        {
            return Rejected(sequence, item, BatchReasonCodes.NotSpecifiedReasonAgentGenerated, ex.Message);
        }
        catch (IdempotencyConflictException ex)
        {
            // The same batch id and end-to-end id were processed before with other details: never pay it again.
            return Rejected(sequence, item, BatchReasonCodes.Duplication, ex.Message);
        }

        return FromPayment(sequence, item, payment, mode == CaptureMode.Manual) with { ExchangeRate = quote };
    }

    /// <summary>
    /// Prices an equivalent amount in the transfer currency. The quote is locked in the payment's record (its metadata):
    /// when the item was submitted before, by this run's first pass or a crashed run, the locked quote is used again,
    /// so the request is the same and replays; a new quote would change the amount and make it a conflict.
    /// </summary>
    private async ValueTask<(PaymentRequest? Request, ExchangeRateQuote? Quote, BatchItemResult? Rejected)> ConvertAsync(
        BatchHeader header, long sequence, BatchItem item, Currency transfer, PaymentRequest request, CancellationToken cancellationToken)
    {
        var from = item.Amount.Currency;
        var existing = await _processor.GetByIdempotencyKeyAsync(header.MerchantId, request.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        var quote = existing is null ? null : ExchangeRateQuote.FromMetadata(existing.Request.Metadata, from, transfer);
        if (quote is null)
        {
            if (_exchangeRates is null)
            {
                return (null, null, Rejected(sequence, item, BatchReasonCodes.NotAllowedCurrency,
                    $"The item is an equivalent amount of {item.Amount} to be paid in {transfer.Code}, and no exchange rate provider is configured, so it cannot be converted."));
            }

            quote = await _exchangeRates.QuoteAsync(from, transfer, cancellationToken).ConfigureAwait(false);
            if (quote is null)
            {
                return (null, null, Rejected(sequence, item, BatchReasonCodes.NotAllowedCurrency, $"No exchange rate from {from.Code} to {transfer.Code} is available."));
            }

            if (quote.From != from || quote.To != transfer)
            {
                throw new InvalidOperationException($"The exchange rate provider answered a quote for {quote.From.Code}/{quote.To.Code} when asked for {from.Code}/{transfer.Code}.");
            }
        }

        Money converted;
        try
        {
            converted = quote.Convert(item.Amount);
        }
        catch (OverflowException)
        {
            return (null, null, Rejected(sequence, item, BatchReasonCodes.InvalidAmount, $"{item.Amount} converted into {transfer.Code} is out of range."));
        }

        if (!converted.IsPositive)
        {
            return (null, null, Rejected(sequence, item, BatchReasonCodes.InvalidAmount, $"{item.Amount} converted into {transfer.Code} at {quote.Rate.ToString(CultureInfo.InvariantCulture)} rounds to nothing."));
        }

        return (request with { Amount = converted, Metadata = quote.ToMetadata(item.Amount) }, quote, null);
    }

    private static BatchItemResult? Unsubmittable(long sequence, BatchItem item, bool repeat)
    {
        if (item.PreRejection is { } pre)
        {
            return Rejected(sequence, item, pre.Code, pre.Reason);
        }

        if (repeat)
        {
            return Rejected(sequence, item, BatchReasonCodes.Duplication, $"The end-to-end id '{item.EndToEndId}' occurs earlier in the batch; only its first occurrence is processed.");
        }

        if (item.Amount.Currency.IsDefault || !item.Amount.IsPositive || string.IsNullOrWhiteSpace(item.CreditorAccount))
        {
            return Rejected(sequence, item, BatchReasonCodes.NotSpecifiedReasonAgentGenerated, "The item has no positive amount or no creditor account.");
        }

        return null;
    }

    private static BatchItemResult Rejected(long sequence, BatchItem item, string code, string reason) => new()
    {
        Sequence = sequence,
        Item = item,
        Status = BatchItemStatus.Rejected,
        ReasonCode = code,
        Reason = reason,
    };

    private static BatchItemResult FromPayment(long sequence, BatchItem item, PaymentResult payment, bool authorizeOnly)
    {
        var record = payment.Transaction;
        // Reported by the record's real state (issue 15, D3): an automatic-capture item replayed while its record is
        // still Authorized (the run that made it died before the capture) is not paid yet, and one refunded in full
        // (the bank rejected it after we paid) is paid no more.
        var (status, code, reason) = payment.Outcome switch
        {
            _ when record.Status == TransactionStatus.Voided =>
                (BatchItemStatus.Voided, BatchReasonCodes.NotSpecifiedReasonAgentGenerated, "The authorization was released: " + (record.History[^1].Reason ?? "voided")),
            // Succeeded only for what the record shows done: captured, or authorized when only authorization was asked.
            PaymentOutcome.Approved when record.Status is TransactionStatus.Captured or TransactionStatus.PartiallyRefunded
                || (authorizeOnly && record.Status == TransactionStatus.Authorized) =>
                (BatchItemStatus.Succeeded, (string?)null, (string?)null),
            PaymentOutcome.Approved when record.Status == TransactionStatus.Refunded =>
                (BatchItemStatus.Failed, BatchReasonCodes.Narrative, "Paid, then refunded in full."),
            PaymentOutcome.Approved =>
                (BatchItemStatus.Pending, (string?)null, "Authorized but not captured: the run that authorized it stopped before the capture; recovery captures it."),
            PaymentOutcome.Declined when payment.Decline?.Code == DeclineCodes.StepUpUnavailable =>
                (BatchItemStatus.Rejected, BatchReasonCodes.TransactionForbidden, payment.Decline.Message),
            PaymentOutcome.Declined => (BatchItemStatus.Declined, BatchReasonCodes.FromDecline(payment.Decline?.Code), payment.Decline?.Message),
            PaymentOutcome.Pending => (BatchItemStatus.Pending, null, "The authorizer's answer is unknown; recovery will ask it."),
            _ => (BatchItemStatus.Failed, BatchReasonCodes.NotSpecifiedReasonAgentGenerated, payment.FailureReason ?? "The payment failed."),
        };

        return new BatchItemResult
        {
            Sequence = sequence,
            Item = item,
            Status = status,
            ReasonCode = code,
            Reason = reason,
            Payment = payment,
            Replayed = payment.Replayed,
        };
    }

    private static PaymentRequest ToRequest(BatchHeader header, BatchItem item, CaptureMode mode) => new()
    {
        IdempotencyKey = IdempotencyKeyFor(header.BatchId, item.EndToEndId),
        MerchantId = header.MerchantId,
        Amount = item.Amount,
        Payer = PaymentInstrument.Account(ElectronicFormat(item.DebtorAccount ?? header.DebtorAccount)),
        Payee = ElectronicFormat(item.CreditorAccount!),
        CaptureMode = mode,
        Description = item.Remittance is { Length: > 0 and <= PaymentRequestValidator.MaxDescriptionLength } remittance && PaymentCore.DataProtection.CallerText.CheckFreeText("Remittance", remittance) is null
            ? remittance
            : null,
    };

    /// <summary>
    /// Writes an IBAN in the ISO 13616 electronic format (no spaces, upper case), so the same account is always
    /// stored, compared and sent the same way whatever spacing the file used. Other accounts are kept as given.
    /// </summary>
    internal static string ElectronicFormat(string account)
    {
        var compact = account.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return LooksLikeIban(compact) ? compact : account;
    }

    // ISO 13616 shape only (country, check digits, BBAN); the format layer validates the checksum.
    private static bool LooksLikeIban(string compact) =>
        compact.Length is >= 15 and <= 34
        && char.IsAsciiLetter(compact[0]) && char.IsAsciiLetter(compact[1])
        && char.IsAsciiDigit(compact[2]) && char.IsAsciiDigit(compact[3])
        && !compact.AsSpan().ContainsAnyExcept(IbanCharacters);

    private static readonly System.Buffers.SearchValues<char> IbanCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}
