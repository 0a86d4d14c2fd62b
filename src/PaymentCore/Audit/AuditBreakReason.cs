namespace PaymentCore.Audit;

/// <summary>Why verification found the audit chain broken.</summary>
public enum AuditBreakReason
{
    /// <summary>Nothing is broken.</summary>
    None = 0,

    /// <summary>An entry's content, sequence or hash no longer matches what was hashed: it was changed.</summary>
    Changed = 1,

    /// <summary>An entry is missing: a gap in the sequence, or an intact entry whose predecessor is gone.</summary>
    Deleted = 2,

    /// <summary>An entry that does not belong to the chain stands between two entries that link to each other.</summary>
    Inserted = 3,

    /// <summary>Entries are in the wrong order: an entry links to the one stored after it.</summary>
    Reordered = 4,

    /// <summary>The chain ends before an entry that a valid checkpoint (or the trusted checkpoint) covers: its tail was cut.</summary>
    Truncated = 5,

    /// <summary>A checkpoint's signature is not valid for its content and key: it was forged or altered.</summary>
    BadCheckpointSignature = 6,

    /// <summary>
    /// Every link holds, but an entry's hash differs from what a validly signed checkpoint recorded: the chain up to
    /// that checkpoint was rewritten with recomputed hashes.
    /// </summary>
    Rewritten = 7,
}
