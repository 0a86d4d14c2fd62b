namespace PaymentCore.Audit;

/// <summary>One page of an audit query.</summary>
/// <param name="Entries">The matching entries, in sequence order.</param>
/// <param name="NextAfterSequence">The cursor for the next page, or <see langword="null"/> when this is the last.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfterSequence);
