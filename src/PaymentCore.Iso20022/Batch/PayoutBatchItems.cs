using System.Globalization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Iso20022.Text;
using PaymentCore.Monetary;

namespace PaymentCore.Iso20022.Batch;

/// <summary>Turns payouts read from any format into batch items, rejecting with an ISO 20022 reason code those that must not be submitted.</summary>
/// <remarks>Thread safety: all members are static and safe to call from any thread.</remarks>
public static class PayoutBatchItems
{
    /// <summary>Maps one payout to a batch item.</summary>
    /// <param name="payout">The payout as read.</param>
    /// <param name="groupId">The block it belongs to (pain.001 <c>PmtInfId</c>), for the status report.</param>
    /// <param name="debtorAccount">The block's debtor account, or <see langword="null"/> for the batch header's.</param>
    /// <param name="lineNumber">The line the payout starts on.</param>
    /// <returns>
    /// The item, always with the amount and currency as written (they count in the control sum); with
    /// <see cref="BatchItem.PreRejection"/> set when the pre-check fails (AM12 amount, AM03 currency, AC01 account,
    /// RC01 BIC), when the currency is not an ISO 4217 code (AM03), or when the amount has more decimals than the
    /// currency (AM12): such an item is reported, never paid.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="payout"/> is <see langword="null"/>.</exception>
    public static BatchItem ToBatchItem(PayoutInstruction payout, string? groupId = null, string? debtorAccount = null, long lineNumber = 0) =>
        ToBatchItem(payout, groupId, debtorAccount, lineNumber, blockProblem: null);

    /// <summary>Maps one pain.001 transaction to a batch item, with its block's id and debtor account.</summary>
    /// <param name="transaction">The transaction as read.</param>
    /// <returns>
    /// The item, as <see cref="ToBatchItem(PayoutInstruction, string?, string?, long)"/> makes it; when the block itself
    /// cannot be paid from (<see cref="Pain001PaymentBlock.Unprocessable"/>: an invalid debtor IBAN, a cheque block),
    /// rejected with the block's reason.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is <see langword="null"/>.</exception>
    public static BatchItem ToBatchItem(Pain001Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var block = transaction.Block;
        return ToBatchItem(transaction.Payout, block.PaymentInformationId, block.DebtorIban ?? block.DebtorOtherAccountId, transaction.LineNumber, block.Unprocessable);
    }

    private static BatchItem ToBatchItem(PayoutInstruction payout, string? groupId, string? debtorAccount, long lineNumber, PayoutCheckResult? blockProblem)
    {
        ArgumentNullException.ThrowIfNull(payout);
        var item = new BatchItem
        {
            EndToEndId = payout.EndToEndId,
            InstructedAmount = payout.Amount,
            InstructedCurrency = payout.Currency,
            CreditorName = payout.CreditorName,
            CreditorAccount = payout.CreditorIban ?? payout.CreditorOtherAccountId,
            Remittance = payout.RemittanceInformation,
            DebtorAccount = debtorAccount,
            GroupId = groupId,
            InstructionId = payout.InstructionId,
            LineNumber = lineNumber,
        };

        var check = blockProblem ?? Pain001TransactionCheck.Check(payout);
        if (!check.IsValid)
        {
            return item with { PreRejection = new BatchItemRejection(check.ReasonCode!, check.Reason!) };
        }

        if (!Currency.TryFromCode(payout.Currency, out var currency))
        {
            return item with { PreRejection = new BatchItemRejection(BatchReasonCodes.NotAllowedCurrency, $"'{UntrustedText.Quote(payout.Currency)}' is not an ISO 4217 currency code.") };
        }

        if (!Money.TryFromMajor(payout.Amount, currency, out var amount))
        {
            var text = UntrustedText.Quote(payout.Amount.ToString(CultureInfo.InvariantCulture));
            return item with { PreRejection = new BatchItemRejection(BatchReasonCodes.InvalidAmount, $"The amount {text} {currency.Code} has more decimals than {currency.Code} allows ({currency.MinorUnits}), or is out of range.") };
        }

        if (payout.TransferCurrency is { } transferCode)
        {
            if (!Currency.TryFromCode(transferCode, out var transfer))
            {
                return item with { Amount = amount, PreRejection = new BatchItemRejection(BatchReasonCodes.NotAllowedCurrency, $"The currency of transfer (<CcyOfTrf>) '{UntrustedText.Quote(transferCode)}' is not an ISO 4217 currency code.") };
            }

            // An equivalent amount: the batch engine converts it with its exchange rate provider, or rejects it.
            return item with { Amount = amount, TransferCurrency = transfer };
        }

        return item with { Amount = amount };
    }
}
