using PaymentCore.Transactions;

namespace PaymentCore.Batch;

/// <summary>
/// The ISO 20022 external status reason codes (ExternalStatusReason1Code) that PaymentCore gives: the batch engine
/// for declines, duplicates and control totals, and the ISO 20022 package for accounts, formats and pain.002.
/// One list, so an item rejected anywhere is reported with the same code.
/// </summary>
public static class BatchReasonCodes
{
    /// <summary>AC01 IncorrectAccountNumber: the account number is invalid or missing (e.g. the IBAN fails its check).</summary>
    public const string IncorrectAccountNumber = "AC01";

    /// <summary>AC02 InvalidDebtorAccountNumber: the debtor account number is invalid or missing.</summary>
    public const string InvalidDebtorAccountNumber = "AC02";

    /// <summary>AC03 InvalidCreditorAccountNumber: the creditor account number is invalid.</summary>
    public const string InvalidCreditorAccountNumber = "AC03";

    /// <summary>AG01 TransactionForbidden: the transaction is forbidden on this type of account.</summary>
    public const string TransactionForbidden = "AG01";

    /// <summary>AM02 NotAllowedAmount: the amount is higher than the maximum allowed.</summary>
    public const string NotAllowedAmount = "AM02";

    /// <summary>AM03 NotAllowedCurrency: the currency is not allowed or not a valid ISO 4217 code.</summary>
    public const string NotAllowedCurrency = "AM03";

    /// <summary>AM04 InsufficientFunds: the debtor account does not hold enough funds.</summary>
    public const string InsufficientFunds = "AM04";

    /// <summary>AM05 Duplication: the payment is a duplicate of one already received.</summary>
    public const string Duplication = "AM05";

    /// <summary>AM10 InvalidControlSum: the declared control sum does not equal the sum of the amounts.</summary>
    public const string InvalidControlSum = "AM10";

    /// <summary>AM12 InvalidAmount: the amount is invalid or missing (e.g. zero or negative).</summary>
    public const string InvalidAmount = "AM12";

    /// <summary>AM18 InvalidNumberOfTransactions: the declared number of transactions does not equal the count.</summary>
    public const string InvalidNumberOfTransactions = "AM18";

    /// <summary>BE01 InconsistenWithEndCustomer: the creditor name does not match the account holder.</summary>
    public const string InconsistentWithEndCustomer = "BE01";

    /// <summary>CH16 ElementContentFormallyIncorrect: an element's content breaks its schema type (length, character set).</summary>
    public const string ElementContentFormallyIncorrect = "CH16";

    /// <summary>DT01 InvalidDate: the date (e.g. requested execution date) is invalid.</summary>
    public const string InvalidDate = "DT01";

    /// <summary>FF01 InvalidFileFormat: the file or message is not well formed or not of the expected type.</summary>
    public const string InvalidFileFormat = "FF01";

    /// <summary>MS03 NotSpecifiedReasonAgentGenerated: rejected by the agent for a reason it does not specify.</summary>
    public const string NotSpecifiedReasonAgentGenerated = "MS03";

    /// <summary>NARR Narrative: the reason is given as free text in <c>AddtlInf</c>.</summary>
    public const string Narrative = "NARR";

    /// <summary>RC01 BankIdentifierIncorrect: the bank identifier (BIC) is not valid.</summary>
    public const string BankIdentifierIncorrect = "RC01";

    /// <summary>Maps a PaymentCore decline code to an ISO 20022 reason code.</summary>
    /// <param name="declineCode">A <see cref="DeclineCodes"/> value or an authorizer's own code.</param>
    /// <returns>The ISO code: AM04, AM02, AM03, AG01, or MS03 for anything else.</returns>
    public static string FromDecline(string? declineCode) => declineCode switch
    {
        DeclineCodes.InsufficientFunds => InsufficientFunds,
        DeclineCodes.AmountTooLarge or DeclineCodes.AmountTooSmall or DeclineCodes.VelocityAmountExceeded or DeclineCodes.VelocityCountExceeded => NotAllowedAmount,
        DeclineCodes.CurrencyNotAllowed => NotAllowedCurrency,
        DeclineCodes.PayerBlocked or DeclineCodes.PayeeBlocked or DeclineCodes.StolenCard or DeclineCodes.StepUpUnavailable => TransactionForbidden,
        _ => NotSpecifiedReasonAgentGenerated,
    };
}
