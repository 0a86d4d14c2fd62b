using System.Globalization;

namespace PaymentCore.Iso20022.Pain002;

/// <summary>
/// A pain.002 status report that cannot be read: not well-formed, hostile (a DTD, entities), too large, not a
/// Customer Payment Status Report, or missing a reference it needs. Nothing of it is applied.
/// </summary>
/// <remarks>Thread safety: immutable after construction.</remarks>
public sealed class Pain002FormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="Pain002FormatException"/> class.</summary>
    /// <param name="problem">What is wrong, without the location.</param>
    /// <param name="lineNumber">The 1-based line where the problem is, or 0 when unknown.</param>
    /// <param name="linePosition">The 1-based position on the line, or 0 when unknown.</param>
    /// <param name="innerException">The exception that revealed the problem, if any.</param>
    public Pain002FormatException(string problem, int lineNumber, int linePosition, Exception? innerException = null)
        : base(lineNumber > 0 ? string.Create(CultureInfo.InvariantCulture, $"{problem} (line {lineNumber}, position {linePosition})") : problem, innerException)
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
