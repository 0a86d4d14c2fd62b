using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Csv;

/// <summary>One data row of a payroll CSV file, as the payout it asks for.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="RowNumber">The 1-based number of the data row; the header is not counted, so the first data row is 1.</param>
/// <param name="LineNumber">The 1-based line of the file where the row starts, counting the header, empty lines and line breaks inside quotes.</param>
/// <param name="Payout">The payout, in the same shape as a pain.001 transaction's, so the same checks and status report apply.</param>
public sealed record PayrollCsvRow(long RowNumber, long LineNumber, PayoutInstruction Payout)
{
    /// <summary>Gets the row's <c>batch_reference</c>: the file's own id for its batch.</summary>
    /// <value><see langword="null"/> when the file has no such column or the field is empty.</value>
    public string? BatchReference { get; init; }
}
