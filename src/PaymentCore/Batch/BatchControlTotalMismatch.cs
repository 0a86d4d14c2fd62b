namespace PaymentCore.Batch;

/// <summary>The control totals a batch declared and what its items actually add up to; a batch with one is rejected before any money moves.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="DeclaredNumberOfTransactions">The declared count, when declared.</param>
/// <param name="ActualNumberOfTransactions">The number of items read.</param>
/// <param name="DeclaredControlSum">The declared control sum, when declared.</param>
/// <param name="ActualControlSum">The plain sum of the items' amounts as written, across currencies.</param>
public sealed record BatchControlTotalMismatch(
    long? DeclaredNumberOfTransactions,
    long ActualNumberOfTransactions,
    decimal? DeclaredControlSum,
    decimal ActualControlSum)
{
    /// <summary>Gets whether the count disagrees.</summary>
    /// <value><see langword="true"/> when a count was declared and differs.</value>
    public bool CountDiffers => DeclaredNumberOfTransactions is { } n && n != ActualNumberOfTransactions;

    /// <summary>Gets whether the sum disagrees.</summary>
    /// <value><see langword="true"/> when a sum was declared and differs.</value>
    public bool SumDiffers => DeclaredControlSum is { } s && s != ActualControlSum;

    /// <summary>Gets the ISO 20022 reason code: AM18 when the count differs, otherwise AM10.</summary>
    /// <value>AM18 or AM10.</value>
    public string ReasonCode => CountDiffers ? BatchReasonCodes.InvalidNumberOfTransactions : BatchReasonCodes.InvalidControlSum;

    /// <summary>Describes the mismatch with both declared and actual values.</summary>
    /// <returns>A sentence for people.</returns>
    public override string ToString()
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        var parts = new List<string>(2);
        if (CountDiffers)
        {
            parts.Add(string.Create(ic, $"declared {DeclaredNumberOfTransactions} transactions but the batch holds {ActualNumberOfTransactions}"));
        }

        if (SumDiffers)
        {
            parts.Add(string.Create(ic, $"declared control sum {DeclaredControlSum} but the amounts add up to {ActualControlSum}"));
        }

        return "Control totals do not match: " + string.Join("; ", parts) + ". Nothing was processed.";
    }
}
