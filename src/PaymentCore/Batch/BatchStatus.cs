namespace PaymentCore.Batch;

/// <summary>The group status of a batch, as pain.002 <c>GrpSts</c> reports it.</summary>
public enum BatchStatus
{
    /// <summary>ACCP: every item was paid.</summary>
    Accepted = 0,

    /// <summary>PART: some items were paid and some not (or are pending).</summary>
    PartiallyAccepted = 1,

    /// <summary>RJCT: nothing was paid: the control totals did not match, or every item was rejected, declined or voided.</summary>
    Rejected = 2,
}
