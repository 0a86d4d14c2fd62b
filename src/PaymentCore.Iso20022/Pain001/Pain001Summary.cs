namespace PaymentCore.Iso20022.Pain001;

/// <summary>
/// What a first pass over a pain.001 message found: its group header, its blocks and their declared and actual
/// control totals. Check <see cref="Mismatches"/> before any money moves.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record Pain001Summary
{
    /// <summary>Gets the message version, detected from the namespace.</summary>
    /// <value>The version.</value>
    public required Pain001Version Version { get; init; }

    /// <summary>Gets the namespace of the root element, e.g. an ISO namespace or a national variant's.</summary>
    /// <value>The namespace URI, exactly as in the file.</value>
    public required string Namespace { get; init; }

    /// <summary>Gets the message id (<c>GrpHdr/MsgId</c>).</summary>
    /// <value>Never empty.</value>
    public required string MessageId { get; init; }

    /// <summary>Gets the creation date-time (<c>GrpHdr/CreDtTm</c>).</summary>
    /// <value>In UTC when the text has an offset or <c>Z</c>; <see cref="DateTimeKind.Unspecified"/> when it has none.</value>
    public required DateTime CreationDateTime { get; init; }

    /// <summary>Gets the initiating party's name (<c>GrpHdr/InitgPty/Nm</c>).</summary>
    /// <value>The name, or <see langword="null"/> when not given.</value>
    public string? InitiatingPartyName { get; init; }

    /// <summary>Gets the group's declared number of transactions (<c>GrpHdr/NbOfTxs</c>, mandatory).</summary>
    /// <value>The declared count.</value>
    public required long DeclaredNumberOfTransactions { get; init; }

    /// <summary>Gets the group's declared control sum (<c>GrpHdr/CtrlSum</c>).</summary>
    /// <value>The declared sum, or <see langword="null"/> when absent (which is not a mismatch).</value>
    public decimal? DeclaredControlSum { get; init; }

    /// <summary>Gets the payment information blocks, in file order.</summary>
    /// <value>One entry per <c>PmtInf</c>.</value>
    public required IReadOnlyList<Pain001BlockSummary> PaymentInformation { get; init; }

    /// <summary>Gets the number of transactions in the file.</summary>
    /// <value>The count of <c>CdtTrfTxInf</c> elements.</value>
    public required long ActualNumberOfTransactions { get; init; }

    /// <summary>Gets the plain sum of every instructed amount, across currencies, as ISO 20022 defines <c>CtrlSum</c>.</summary>
    /// <value>The sum.</value>
    public required decimal ActualControlSum { get; init; }

    /// <summary>Gets the declared control totals that disagree with the transactions, group first, then blocks in file order.</summary>
    /// <value>Empty when every declared total matches.</value>
    public required IReadOnlyList<ControlTotalMismatch> Mismatches { get; init; }

    /// <summary>Gets a value indicating whether every declared control total matches.</summary>
    /// <value><see langword="true"/> when <see cref="Mismatches"/> is empty.</value>
    public bool ControlTotalsMatch => Mismatches.Count == 0;
}
