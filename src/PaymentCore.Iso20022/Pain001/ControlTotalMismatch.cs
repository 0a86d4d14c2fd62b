using PaymentCore.Batch;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>A declared control total of a pain.001 message that does not equal what the transactions add up to.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Level">Whether the total is the group's or a block's.</param>
/// <param name="PaymentInformationId">The block's <c>PmtInfId</c> at block level; <see langword="null"/> at group level.</param>
/// <param name="Field">Which total disagrees.</param>
/// <param name="Declared">The value the file declares.</param>
/// <param name="Actual">The value counted or summed from the transactions.</param>
public sealed record ControlTotalMismatch(
    ControlTotalLevel Level,
    string? PaymentInformationId,
    ControlTotalField Field,
    decimal Declared,
    decimal Actual)
{
    /// <summary>Gets the ISO 20022 reason code to reject with: AM18 for the number of transactions, AM10 for the control sum.</summary>
    /// <value><see cref="BatchReasonCodes.InvalidNumberOfTransactions"/> or <see cref="BatchReasonCodes.InvalidControlSum"/>.</value>
    public string ReasonCode => Field == ControlTotalField.NumberOfTransactions
        ? BatchReasonCodes.InvalidNumberOfTransactions
        : BatchReasonCodes.InvalidControlSum;
}
