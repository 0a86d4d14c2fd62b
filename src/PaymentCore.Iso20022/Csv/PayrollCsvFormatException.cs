using System.Globalization;

namespace PaymentCore.Iso20022.Csv;

/// <summary>A payroll CSV file or row that cannot be read: no header, a missing required column, or a row whose id, amount or currency is missing or malformed.</summary>
/// <remarks>Thread safety: immutable after construction.</remarks>
public sealed class PayrollCsvFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="PayrollCsvFormatException"/> class.</summary>
    /// <param name="problem">What is wrong, without the location.</param>
    /// <param name="rowNumber">The 1-based data row (header not counted); 0 when the problem is the header or the whole file.</param>
    /// <param name="lineNumber">The 1-based line of the file; 0 when unknown.</param>
    /// <param name="column">The column's header name, when one column is at fault.</param>
    /// <param name="innerException">The exception that revealed the problem, if any.</param>
    public PayrollCsvFormatException(string problem, long rowNumber, long lineNumber, string? column, Exception? innerException = null)
        : base(Describe(problem, rowNumber, lineNumber, column), innerException)
    {
        Problem = problem;
        RowNumber = rowNumber;
        LineNumber = lineNumber;
        Column = column;
    }

    /// <summary>Gets what is wrong, without the location.</summary>
    /// <value>A sentence.</value>
    public string Problem { get; }

    /// <summary>Gets the 1-based data row, the header not counted.</summary>
    /// <value>0 when the problem is the header or the whole file.</value>
    public long RowNumber { get; }

    /// <summary>Gets the 1-based line of the file where the row starts.</summary>
    /// <value>0 when unknown.</value>
    public long LineNumber { get; }

    /// <summary>Gets the column's header name.</summary>
    /// <value><see langword="null"/> when no single column is at fault.</value>
    public string? Column { get; }

    private static string Describe(string problem, long rowNumber, long lineNumber, string? column)
    {
        string where = rowNumber > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Row {rowNumber} (line {lineNumber})")
            : string.Create(CultureInfo.InvariantCulture, $"Line {lineNumber}");
        if (column is not null)
        {
            where += $", column '{column}'";
        }

        return lineNumber > 0 || rowNumber > 0 ? $"{where}: {problem}" : problem;
    }
}
