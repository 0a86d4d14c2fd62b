namespace PaymentCore.Batch;

/// <summary>How a batch treats items that are not approved.</summary>
public enum BatchMode
{
    /// <summary>Every item stands alone: declines and failures are reported and the others are paid (a partially accepted batch).</summary>
    BestEffort = 0,

    /// <summary>Authorize every item first (manual capture); capture all only if all were approved, otherwise void every hold.</summary>
    AllOrNothing = 1,
}
