namespace PaymentCore.Hosting.Loops;

/// <summary>
/// How often the hosted outbox loop dispatches, and how it backs off after a failing pass. Bound from
/// <see cref="SectionName"/>; the same section also binds <see cref="Outbox.OutboxOptions"/> (its
/// <c>BatchSize</c>, <c>Lease</c>, <c>MaxAttempts</c>…). Validated when the host starts.
/// </summary>
/// <remarks>Not thread-safe: configure it at startup, then only read it.</remarks>
public sealed class OutboxLoopOptions
{
    /// <summary>The configuration section both this and <see cref="Outbox.OutboxOptions"/> are bound from.</summary>
    public const string SectionName = "PaymentCore:Hosting:Outbox";

    /// <summary>Gets or sets whether the loop runs at all (an instance that only takes payments may leave delivery to others).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the wait between the end of one dispatch and the start of the next.</summary>
    /// <value>Defaults to 5 seconds; 10 milliseconds to 1 hour.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the wait after a failing pass (the store unreachable); it doubles after each further one.</summary>
    /// <value>Defaults to 5 seconds; 10 milliseconds to 1 hour.</value>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait after failing passes.</summary>
    /// <value>Defaults to 5 minutes; at least <see cref="ErrorBackoff"/>, at most 1 day.</value>
    public TimeSpan MaxErrorBackoff { get; set; } = TimeSpan.FromMinutes(5);
}
