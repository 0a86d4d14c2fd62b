namespace PaymentCore.Audit;

/// <summary>
/// A filter over the audit log with keyset paging: every given field must match, entries come in sequence order,
/// and the next page starts after <see cref="AfterSequence"/>.
/// </summary>
/// <remarks>A mutable options object; not thread-safe. A store refuses an invalid query with <see cref="ArgumentException"/> (see <see cref="Validate"/>).</remarks>
public sealed class AuditQuery
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Gets or sets the affected resource to match exactly.</summary>
    /// <value>Defaults to <see langword="null"/>: any resource.</value>
    public string? Resource { get; set; }

    /// <summary>Gets or sets the actor to match exactly.</summary>
    /// <value>Defaults to <see langword="null"/>: any actor.</value>
    public string? Actor { get; set; }

    /// <summary>Gets or sets the event type to match exactly.</summary>
    /// <value>Defaults to <see langword="null"/>: any type.</value>
    public string? EventType { get; set; }

    /// <summary>Gets or sets the earliest time, inclusive.</summary>
    /// <value>Defaults to <see langword="null"/>: no lower bound.</value>
    public DateTimeOffset? From { get; set; }

    /// <summary>Gets or sets the end of the time range, exclusive.</summary>
    /// <value>Defaults to <see langword="null"/>: no upper bound.</value>
    public DateTimeOffset? To { get; set; }

    /// <summary>Gets or sets the cursor: only entries after this sequence are returned.</summary>
    /// <value>Defaults to 0, the start of the log. Pass <see cref="AuditPage.NextAfterSequence"/> for the next page.</value>
    public long AfterSequence { get; set; }

    /// <summary>Gets or sets the page size.</summary>
    /// <value>Defaults to 100; 1 to <see cref="MaxLimit"/>.</value>
    public int Limit { get; set; } = 100;

    /// <summary>Checks the query.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"{nameof(Limit)} must be 1 to {MaxLimit}; got {Limit}.", nameof(Limit));
        }

        if (AfterSequence < 0)
        {
            throw new ArgumentException($"{nameof(AfterSequence)} must be 0 or more; got {AfterSequence}.", nameof(AfterSequence));
        }

        if (From is { } from && To is { } to && to < from)
        {
            throw new ArgumentException($"{nameof(To)} must not be before {nameof(From)}.", nameof(To));
        }
    }

    /// <summary>Tells whether an entry matches the filter (not the cursor).</summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns><see langword="true"/> when every given field matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is <see langword="null"/>.</exception>
    public bool Matches(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return (Resource is null || string.Equals(Resource, auditEvent.Resource, StringComparison.Ordinal))
            && (Actor is null || string.Equals(Actor, auditEvent.Actor, StringComparison.Ordinal))
            && (EventType is null || string.Equals(EventType, auditEvent.EventType, StringComparison.Ordinal))
            && (From is null || auditEvent.OccurredAt >= From.Value)
            && (To is null || auditEvent.OccurredAt < To.Value);
    }

    /// <summary>Returns a copy whose cursor is <paramref name="afterSequence"/>.</summary>
    /// <param name="afterSequence">The new cursor.</param>
    /// <returns>The copy.</returns>
    public AuditQuery After(long afterSequence) => new()
    {
        Resource = Resource,
        Actor = Actor,
        EventType = EventType,
        From = From,
        To = To,
        AfterSequence = afterSequence,
        Limit = Limit,
    };
}
