using PaymentCore.Batch;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>
/// A pain.001 file that cannot be read: not well-formed, hostile (DTD, entities), too large, not a pain.001 of
/// a supported version, or missing or malformed required data. The whole file is refused (reason FF01).
/// </summary>
/// <remarks>
/// Reject the whole file with <see cref="BatchReasonCodes.InvalidFileFormat"/> (FF01) when reporting it in a pain.002.
/// Thread safety: immutable after construction.
/// </remarks>
public sealed class Pain001FormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="Pain001FormatException"/> class.</summary>
    /// <param name="problem">What is wrong, without the location.</param>
    /// <param name="lineNumber">The 1-based line where the problem is, or 0 when unknown.</param>
    /// <param name="linePosition">The 1-based position on the line, or 0 when unknown.</param>
    /// <param name="innerException">The exception that revealed the problem, if any.</param>
    public Pain001FormatException(string problem, int lineNumber, int linePosition, Exception? innerException = null)
        : base(lineNumber > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{problem} (line {lineNumber}, position {linePosition})")
            : problem, innerException)
    {
        Problem = problem;
        LineNumber = lineNumber;
        LinePosition = linePosition;
    }

    /// <summary>Gets what is wrong, without the location.</summary>
    /// <value>A sentence.</value>
    public string Problem { get; }

    /// <summary>Gets the 1-based line where the problem is.</summary>
    /// <value>0 when unknown.</value>
    public int LineNumber { get; }

    /// <summary>Gets the 1-based position on the line.</summary>
    /// <value>0 when unknown.</value>
    public int LinePosition { get; }
}
