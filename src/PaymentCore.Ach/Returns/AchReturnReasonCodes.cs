using PaymentCore.Batch;

namespace PaymentCore.Ach.Returns;

/// <summary>
/// NACHA return reason codes for entries we could not pay, and the mapping from the ISO 20022 reason codes the batch
/// engine gives (<see cref="BatchReasonCodes"/>), so an ACH originator gets its failures the way ACH reports them.
/// </summary>
/// <remarks>Thread safety: static and pure.</remarks>
public static class AchReturnReasonCodes
{
    /// <summary>R01 Insufficient funds.</summary>
    public const string InsufficientFunds = "R01";

    /// <summary>R02 Account closed.</summary>
    public const string AccountClosed = "R02";

    /// <summary>R03 No account / unable to locate account.</summary>
    public const string NoAccount = "R03";

    /// <summary>R04 Invalid account number structure.</summary>
    public const string InvalidAccountNumber = "R04";

    /// <summary>R16 Account frozen / entry returned per OFAC instruction.</summary>
    public const string AccountFrozen = "R16";

    /// <summary>R17 File record edit criteria: the entry could not be processed; the addenda says which field and why.</summary>
    public const string FileRecordEditCriteria = "R17";

    /// <summary>R24 Duplicate entry.</summary>
    public const string DuplicateEntry = "R24";

    /// <summary>R28 Routing number check digit error.</summary>
    public const string RoutingNumberCheckDigitError = "R28";

    /// <summary>Maps an ISO 20022 reason code to the ACH return reason code that says the same.</summary>
    /// <param name="isoReasonCode">The batch item's reason code, such as AC01 or AM04.</param>
    /// <returns>
    /// AM04 R01; AC04 R02; AC01, AC02, AC03 R04; AC06, AG01 R16; AM05 R24; RC01 R28; anything else R17 (the entry could not
    /// be processed: the reason text says why, as an R17 addenda does).
    /// </returns>
    public static string FromIso(string? isoReasonCode) => isoReasonCode switch
    {
        BatchReasonCodes.InsufficientFunds => InsufficientFunds,
        "AC04" => AccountClosed,
        BatchReasonCodes.IncorrectAccountNumber or BatchReasonCodes.InvalidDebtorAccountNumber or BatchReasonCodes.InvalidCreditorAccountNumber => InvalidAccountNumber,
        "AC06" or BatchReasonCodes.TransactionForbidden => AccountFrozen,
        BatchReasonCodes.Duplication => DuplicateEntry,
        BatchReasonCodes.BankIdentifierIncorrect => RoutingNumberCheckDigitError,
        _ => FileRecordEditCriteria,
    };
}
