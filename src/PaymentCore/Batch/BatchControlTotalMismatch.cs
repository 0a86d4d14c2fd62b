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
    /// <summary>Gets the group whose own declared totals disagree (pain.001 <c>PmtInfId</c>), when the mismatch is a group's.</summary>
    /// <value><see langword="null"/> (the default) for the batch's own totals (pain.001 <c>GrpHdr</c>).</value>
    public string? GroupId { get; init; }

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

        var where = GroupId is null ? string.Empty : $" in group '{Quote(GroupId)}'";
        return "Control totals do not match" + where + ": " + string.Join("; ", parts) + ". Nothing was processed.";
    }

    private static string Quote(string text)
    {
        // The group id comes from the file: quote a short prefix, never control characters.
        var prefix = text.Length > 40 ? text[..40] + "…" : text;
        return new string([.. prefix.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
