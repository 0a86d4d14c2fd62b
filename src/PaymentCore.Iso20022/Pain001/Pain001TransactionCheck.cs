using PaymentCore.Batch;
using PaymentCore.Iso20022.Accounts;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>
/// Pre-checks one payout before it is submitted, so that an item with a bad account or amount is rejected
/// with an ISO 20022 reason code while the rest of the batch goes on.
/// </summary>
/// <remarks>
/// Checks, in order: what the reader already found unprocessable (<see cref="PayoutInstruction.Unprocessable"/>, and for
/// a pain.001 transaction its block's <see cref="Pain001PaymentBlock.Unprocessable"/>), the amount is positive (AM12), the currency is three upper-case letters (AM03), the
/// creditor account is present and, when an IBAN, passes ISO 13616 (AC01), and the creditor agent BIC, when
/// given, passes ISO 9362 (RC01). It does not know which ISO 4217 codes exist, nor their minor units; that
/// belongs to the core <c>Currency</c> type.
/// Thread safety: all members are static and safe to call from any thread.
/// </remarks>
public static class Pain001TransactionCheck
{
    /// <summary>Checks one pain.001 transaction.</summary>
    /// <param name="transaction">The transaction to check.</param>
    /// <returns>Valid, or rejected with the first failing reason code and why.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is <see langword="null"/>.</exception>
    public static PayoutCheckResult Check(Pain001Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Block.Unprocessable ?? Check(transaction.Payout);
    }

    /// <summary>Checks one payout, from any source format.</summary>
    /// <param name="payout">The payout to check.</param>
    /// <returns>Valid, or rejected with the first failing reason code and why.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="payout"/> is <see langword="null"/>.</exception>
    public static PayoutCheckResult Check(PayoutInstruction payout)
    {
        ArgumentNullException.ThrowIfNull(payout);

        if (payout.Unprocessable is { } unprocessable)
        {
            return unprocessable;
        }

        if (payout.Amount <= 0m)
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.InvalidAmount, $"The amount {UntrustedText.Quote(payout.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))} is not positive.");
        }

        // ISO 4217 alphabetic codes, as the ISO 20022 ActiveOrHistoricCurrencyCode pattern [A-Z]{3,3} requires.
        string currency = payout.Currency;
        if (currency.Length != 3 || !char.IsAsciiLetterUpper(currency[0]) || !char.IsAsciiLetterUpper(currency[1]) || !char.IsAsciiLetterUpper(currency[2]))
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.NotAllowedCurrency, $"The currency code '{UntrustedText.Quote(currency)}' is not three upper-case letters (ISO 4217).");
        }

        if (payout.CreditorIban is { } iban)
        {
            // A card number given as an IBAN must not be quoted back in the AC01 reason of pain.002 or JSON
            // output (issue 12; PCI DSS 3.4.1).
            if (PaymentCore.DataProtection.CardDataDetector.ContainsCardNumber(iban))
            {
                return PayoutCheckResult.Reject(BatchReasonCodes.IncorrectAccountNumber, "The creditor IBAN is not a valid IBAN; its value is withheld because it holds what looks like a card number.");
            }

            if (!Iban.TryValidate(iban, out string? error))
            {
                return PayoutCheckResult.Reject(BatchReasonCodes.IncorrectAccountNumber, error!);
            }
        }
        else if (string.IsNullOrWhiteSpace(payout.CreditorOtherAccountId))
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.IncorrectAccountNumber, "The creditor account is missing.");
        }

        if (payout.CreditorAgentBic is { } bic && !Bic.TryValidate(bic, out string? bicError))
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.BankIdentifierIncorrect, bicError!);
        }

        return PayoutCheckResult.Valid;
    }
}
