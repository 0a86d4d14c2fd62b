namespace PaymentCore.Audit;

/// <summary>What <see cref="AuditTrail.VerifyAsync"/> found.</summary>
/// <param name="Reason">Why the chain is broken, or <see cref="AuditBreakReason.None"/>.</param>
/// <param name="BrokenAt">The sequence (1-based index) of the first broken entry, or <see langword="null"/> when intact.</param>
/// <param name="EntriesVerified">How many entries were read and found genuine before the break (all of them when intact).</param>
/// <param name="CheckpointsVerified">How many checkpoints had a valid signature and matched the chain.</param>
/// <param name="Message">A sentence for an auditor saying what was found.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record AuditVerificationResult(AuditBreakReason Reason, long? BrokenAt, long EntriesVerified, long CheckpointsVerified, string Message)
{
    /// <summary>Gets whether the chain and its checkpoints are intact.</summary>
    public bool IsIntact => Reason == AuditBreakReason.None;
}
