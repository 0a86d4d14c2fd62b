namespace PaymentCore.Iso20022.Pain002;

/// <summary>
/// One status a bank reported in a pain.002 Customer Payment Status Report, at group, payment information or
/// transaction level, with the references that tie it to the original pain.001.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record Pain002ReportedStatus
{
    /// <summary>Gets the level the status is about.</summary>
    /// <value>Group, payment information or transaction.</value>
    public required Pain002StatusLevel Level { get; init; }

    /// <summary>Gets the report's own message id (<c>GrpHdr/MsgId</c>).</summary>
    /// <value>Never empty.</value>
    public required string ReportMessageId { get; init; }

    /// <summary>Gets the original message id (<c>OrgnlGrpInfAndSts/OrgnlMsgId</c>): our batch id.</summary>
    /// <value>Never empty.</value>
    public required string OriginalMessageId { get; init; }

    /// <summary>Gets the original block id (<c>OrgnlPmtInfId</c>).</summary>
    /// <value><see langword="null"/> at group level.</value>
    public string? OriginalPaymentInformationId { get; init; }

    /// <summary>Gets the original instruction id (<c>OrgnlInstrId</c>).</summary>
    /// <value>Transaction level only, when given.</value>
    public string? OriginalInstructionId { get; init; }

    /// <summary>Gets the original end-to-end id (<c>OrgnlEndToEndId</c>).</summary>
    /// <value>Transaction level only; may be <c>NOTPROVIDED</c> as some banks write it.</value>
    public string? OriginalEndToEndId { get; init; }

    /// <summary>Gets the status code as written (<c>GrpSts</c>, <c>PmtInfSts</c> or <c>TxSts</c>), such as ACSC or RJCT.</summary>
    /// <value><see langword="null"/> when the element gives no status (a block that only groups transactions).</value>
    public string? StatusCode { get; init; }

    /// <summary>Gets the status as a known value.</summary>
    /// <value><see langword="null"/> when absent or a code this library does not know (see <see cref="StatusCode"/>).</value>
    public Pain002Status? Status { get; init; }

    /// <summary>Gets the reasons given.</summary>
    /// <value>Empty when none.</value>
    public IReadOnlyList<Pain002ReasonInformation> Reasons { get; init; } = [];

    /// <summary>Gets the line where the status's element starts.</summary>
    /// <value>From 1.</value>
    public int LineNumber { get; init; }

    /// <summary>Gets the first reason's code, or NARR when only text was given.</summary>
    /// <value><see langword="null"/> when no reason was given.</value>
    public string? ReasonCode => Reasons.Count == 0 ? null : Reasons[0].Code ?? Reasons[0].Proprietary ?? PaymentCore.Batch.BatchReasonCodes.Narrative;

    /// <summary>Gets every reason as one text, for people.</summary>
    /// <value><see langword="null"/> when no reason was given.</value>
    public string? ReasonText => Reasons.Count == 0 ? null : string.Join("; ", Reasons.Select(r => r.Text));
}
