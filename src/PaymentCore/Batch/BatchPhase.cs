namespace PaymentCore.Batch;

/// <summary>Where a batch run is.</summary>
public enum BatchPhase
{
    /// <summary>Reading the items once to check the control totals; no money moves.</summary>
    CheckingTotals = 0,

    /// <summary>Processing the items (best effort), or authorizing them (all or nothing).</summary>
    Processing = 1,

    /// <summary>All or nothing: capturing every hold, or voiding them.</summary>
    Settling = 2,

    /// <summary>Done.</summary>
    Completed = 3,
}
