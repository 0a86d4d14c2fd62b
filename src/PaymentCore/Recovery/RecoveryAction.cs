namespace PaymentCore.Recovery;

/// <summary>One decision of <see cref="Reconciler.Decide"/>: what to do, and why (for failures, voids and the unresolved tally).</summary>
internal readonly record struct RecoveryAction(RecoveryActionKind Kind, string? Reason = null);
