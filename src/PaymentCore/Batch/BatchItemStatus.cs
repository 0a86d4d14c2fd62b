namespace PaymentCore.Batch;

/// <summary>What became of one batch item.</summary>
public enum BatchItemStatus
{
    /// <summary>Paid (captured).</summary>
    Succeeded = 0,

    /// <summary>Rejected before any money moved: by the format layer, as a duplicate, or as invalid.</summary>
    Rejected = 1,

    /// <summary>Declined by a rule or the authorizer.</summary>
    Declined = 2,

    /// <summary>Failed: nothing is held.</summary>
    Failed = 3,

    /// <summary>Authorized, then released (all or nothing, when another item was not approved).</summary>
    Voided = 4,

    /// <summary>The outcome is unknown until recovery asks the authorizer; never counted as paid or as failed.</summary>
    Pending = 5,
}
