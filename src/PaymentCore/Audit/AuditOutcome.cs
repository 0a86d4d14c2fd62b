namespace PaymentCore.Audit;

/// <summary>Whether the audited action succeeded (PCI DSS v4 requirement 10.2.2: "success or failure indication").</summary>
/// <remarks>The numeric values are part of the canonical bytes of an entry and never change.</remarks>
public enum AuditOutcome
{
    /// <summary>The action happened.</summary>
    Success = 1,

    /// <summary>The action was attempted and refused or failed.</summary>
    Failure = 2,
}
