namespace PaymentCore.Iso20022.Pain002;

/// <summary>
/// What a pain.002 Customer Payment Status Report says about one original pain.001 message: its group status
/// and the status of each of its transactions, streamed so millions can be written.
/// </summary>
/// <remarks>Thread safety: immutable; the <see cref="Transactions"/> sequence is enumerated once by the writer.</remarks>
public sealed record Pain002Report
{
    /// <summary>Gets the version to write.</summary>
    /// <value>Default <see cref="Pain002Version.V03"/>.</value>
    public Pain002Version Version { get; init; } = Pain002Version.V03;

    /// <summary>Gets the id of this report (<c>GrpHdr/MsgId</c>), 1 to 35 characters.</summary>
    /// <value>Unique per report.</value>
    public required string MessageId { get; init; }

    /// <summary>Gets when this report was created (<c>GrpHdr/CreDtTm</c>); passed in so no system clock is read.</summary>
    /// <value>Written with its offset.</value>
    public required DateTimeOffset CreationDateTime { get; init; }

    /// <summary>Gets the name of the party that sends the report (<c>GrpHdr/InitgPty/Nm</c>).</summary>
    /// <value>Default <see langword="null"/>: not written.</value>
    public string? InitiatingPartyName { get; init; }

    /// <summary>Gets the original message id (<c>OrgnlMsgId</c>), the pain.001 <c>GrpHdr/MsgId</c>.</summary>
    /// <value>1 to 35 characters.</value>
    public required string OriginalMessageId { get; init; }

    /// <summary>Gets the original message name (<c>OrgnlMsgNmId</c>), e.g. <c>pain.001.001.03</c>.</summary>
    /// <value>Default <c>pain.001.001.03</c>.</value>
    public string OriginalMessageNameId { get; init; } = "pain.001.001.03";

    /// <summary>Gets the original number of transactions (<c>OrgnlNbOfTxs</c>).</summary>
    /// <value>Default <see langword="null"/>: not written.</value>
    public long? OriginalNumberOfTransactions { get; init; }

    /// <summary>Gets the original control sum (<c>OrgnlCtrlSum</c>).</summary>
    /// <value>Default <see langword="null"/>: not written.</value>
    public decimal? OriginalControlSum { get; init; }

    /// <summary>Gets the status of the whole message (<c>GrpSts</c>): ACCP, PART or RJCT typically.</summary>
    /// <value>Default <see langword="null"/>: not written.</value>
    public Pain002Status? GroupStatus { get; init; }

    /// <summary>Gets why the group has its status, e.g. AM10 for a wrong control sum.</summary>
    /// <value>Default <see langword="null"/>: not written.</value>
    public Pain002StatusReason? GroupStatusReason { get; init; }

    /// <summary>Gets the transaction statuses in block order. Wrap a list with <c>ToAsyncEnumerable()</c>.</summary>
    /// <value>Default: none.</value>
    public IAsyncEnumerable<Pain002TransactionStatus> Transactions { get; init; } = AsyncEnumerable.Empty<Pain002TransactionStatus>();
}
