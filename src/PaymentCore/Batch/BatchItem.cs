using PaymentCore.Monetary;

namespace PaymentCore.Batch;

/// <summary>One payment of a batch: who is paid, how much, and the end-to-end id that ties it to the instruction.</summary>
/// <remarks>
/// An item the format layer already rejected (a bad IBAN, an amount with more decimals than its currency has)
/// still belongs to the batch: it counts in the control totals, with its amount as written
/// (<see cref="InstructedAmount"/>), and is reported with its <see cref="PreRejection"/>, but it is never submitted.
/// Thread safety: immutable; safe to share between threads.
/// </remarks>
public sealed record BatchItem
{
    /// <summary>Gets the end-to-end id (pain.001 <c>EndToEndId</c>); unique within the batch, or the later occurrences are rejected with AM05.</summary>
    /// <value>Required; not blank.</value>
    public required string EndToEndId { get; init; }

    /// <summary>Gets the amount to pay.</summary>
    /// <value>Required unless <see cref="PreRejection"/> is set, in which case it may be <see langword="default"/> when the file's amount or currency could not be represented.</value>
    public Money Amount { get; init; }

    /// <summary>Gets the amount exactly as the source wrote it, for the control sum.</summary>
    /// <value><see langword="null"/> (the default) means <see cref="Amount"/> in major units.</value>
    public decimal? InstructedAmount { get; init; }

    /// <summary>Gets the currency code as the source wrote it, for reports of items whose currency is unknown.</summary>
    /// <value><see langword="null"/> (the default) means <see cref="Amount"/>'s currency.</value>
    public string? InstructedCurrency { get; init; }

    /// <summary>Gets the creditor's name.</summary>
    /// <value>Optional.</value>
    public string? CreditorName { get; init; }

    /// <summary>Gets the creditor's account (IBAN or other id).</summary>
    /// <value>Required unless <see cref="PreRejection"/> is set.</value>
    public string? CreditorAccount { get; init; }

    /// <summary>Gets the unstructured remittance information.</summary>
    /// <value>Optional. Sent as the payment's description unless it contains a digit run that could be a card number (PCI DSS 3.4).</value>
    public string? Remittance { get; init; }

    /// <summary>Gets the debtor account for this item when it differs from the header's (pain.001 blocks each name their debtor).</summary>
    /// <value><see langword="null"/> (the default) for <see cref="BatchHeader.DebtorAccount"/>.</value>
    public string? DebtorAccount { get; init; }

    /// <summary>Gets the group the item belongs to in its source, such as the pain.001 <c>PmtInfId</c>, for status reports.</summary>
    /// <value>Optional.</value>
    public string? GroupId { get; init; }

    /// <summary>Gets the source's instruction id (pain.001 <c>InstrId</c>), for status reports.</summary>
    /// <value>Optional.</value>
    public string? InstructionId { get; init; }

    /// <summary>Gets the line of the source file the item starts on, for messages.</summary>
    /// <value>0 when unknown.</value>
    public long LineNumber { get; init; }

    /// <summary>Gets why the format layer rejected the item before processing.</summary>
    /// <value><see langword="null"/> (the default) for an item to process.</value>
    public BatchItemRejection? PreRejection { get; init; }

    /// <summary>
    /// Gets the currency the creditor is paid in when <see cref="Amount"/> is an equivalent amount in the debtor's
    /// currency (pain.001 <c>EqvtAmt</c> with <c>CcyOfTrf</c>). The engine asks its
    /// <see cref="ExchangeRates.IExchangeRateProvider"/> for a rate, locks the quote in the payment's record and pays the
    /// converted amount; with no provider the item is rejected (AM03) and the batch goes on.
    /// </summary>
    /// <value><see langword="null"/> (the default), or <see cref="Amount"/>'s own currency: paid as it is.</value>
    public Currency? TransferCurrency { get; init; }

    /// <summary>Gets the amount that counts in the control sum: <see cref="InstructedAmount"/>, or <see cref="Amount"/> in major units.</summary>
    /// <value>The amount as written.</value>
    public decimal ControlAmount => InstructedAmount ?? (Amount.Currency.IsDefault ? 0m : Amount.ToMajor());
}
