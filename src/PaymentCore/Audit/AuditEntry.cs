namespace PaymentCore.Audit;

/// <summary>
/// One link of the audit chain: an <see cref="AuditEvent"/> at its <see cref="Sequence"/>, the hash of the entry
/// before it and its own hash, SHA-256 over <see cref="PreviousHash"/> and its canonical bytes
/// (<see cref="AuditCanonicalForm"/>).
/// </summary>
/// <param name="Sequence">The position in the chain, 1 for the first entry.</param>
/// <param name="Event">What happened.</param>
/// <param name="PreviousHash">The previous entry's hash, <see cref="AuditHash.Zero"/> for the first.</param>
/// <param name="Hash">This entry's hash.</param>
/// <remarks>
/// Entries read back from a store hold what the store holds, tampered or not: <see cref="AuditTrail.VerifyAsync"/>
/// is what says whether they are genuine. Immutable; safe to share between threads.
/// </remarks>
public sealed record AuditEntry(long Sequence, AuditEvent Event, AuditHash PreviousHash, AuditHash Hash)
{
    /// <summary>Gets whether <see cref="Hash"/> matches the entry's content and <see cref="PreviousHash"/>.</summary>
    public bool IsSelfConsistent => AuditCanonicalForm.ComputeHash(PreviousHash, Sequence, Event) == Hash;

    /// <summary>Makes the entry that follows <paramref name="head"/> (or the first entry when it is <see langword="null"/>).</summary>
    /// <param name="head">The last entry of the chain, or <see langword="null"/> when the chain is empty.</param>
    /// <param name="auditEvent">The event to append.</param>
    /// <returns>The new entry, with its sequence and hashes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A store calls this while it holds its append lock (a write transaction), so that no two entries take the
    /// same place: reading the head, computing the next entry and inserting it must be one atomic step.
    /// </remarks>
    public static AuditEntry Next(AuditEntry? head, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var sequence = checked((head?.Sequence ?? 0) + 1);
        var previous = head?.Hash ?? AuditHash.Zero;
        return new AuditEntry(sequence, auditEvent, previous, AuditCanonicalForm.ComputeHash(previous, sequence, auditEvent));
    }

    /// <summary>Makes the entry that follows the head at <paramref name="headSequence"/> with hash <paramref name="headHash"/>.</summary>
    /// <param name="headSequence">The last entry's sequence, 0 when the chain is empty.</param>
    /// <param name="headHash">The last entry's hash, <see cref="AuditHash.Zero"/> when the chain is empty.</param>
    /// <param name="auditEvent">The event to append.</param>
    /// <returns>The new entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is <see langword="null"/>.</exception>
    public static AuditEntry Next(long headSequence, AuditHash headHash, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var sequence = checked(headSequence + 1);
        return new AuditEntry(sequence, auditEvent, headHash, AuditCanonicalForm.ComputeHash(headHash, sequence, auditEvent));
    }

    /// <summary>Rebuilds an entry read back from a store, without checking its content.</summary>
    /// <param name="sequence">The stored sequence.</param>
    /// <param name="actor">The stored actor.</param>
    /// <param name="eventType">The stored event type.</param>
    /// <param name="occurredAt">The stored time.</param>
    /// <param name="outcome">The stored outcome, as its number.</param>
    /// <param name="resource">The stored resource.</param>
    /// <param name="origin">The stored origin.</param>
    /// <param name="detail">The stored detail.</param>
    /// <param name="previousHash">The stored previous hash.</param>
    /// <param name="hash">The stored hash.</param>
    /// <returns>The entry exactly as stored, so that verification judges what is really there.</returns>
    /// <remarks>For store implementations. A stored hash of the wrong length reads as 32 bytes of 0xFF, which no entry hashes to, so verification reports it.</remarks>
    public static AuditEntry FromStored(long sequence, string actor, string eventType, DateTimeOffset occurredAt, int outcome, string resource, string? origin, string? detail, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> hash) =>
        new(
            sequence,
            AuditEvent.FromStored(actor ?? string.Empty, eventType ?? string.Empty, occurredAt, (AuditOutcome)outcome, resource ?? string.Empty, origin, detail),
            AuditHash.FromStored(previousHash),
            AuditHash.FromStored(hash));
}
