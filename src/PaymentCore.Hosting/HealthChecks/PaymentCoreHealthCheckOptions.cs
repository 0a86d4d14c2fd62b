namespace PaymentCore.Hosting.HealthChecks;

/// <summary>
/// The thresholds of PaymentCore's health checks. Bound from <see cref="SectionName"/>; validated when the host starts.
/// </summary>
/// <remarks>Not thread-safe: configure it at startup, then only read it.</remarks>
public sealed class PaymentCoreHealthCheckOptions
{
    /// <summary>The configuration section this is bound from.</summary>
    public const string SectionName = "PaymentCore:Hosting:HealthChecks";

    /// <summary>Gets or sets how old the oldest undelivered event may be before the outbox check reports Degraded.</summary>
    /// <value>Defaults to 5 minutes; 1 second to 30 days.</value>
    public TimeSpan OutboxDegradedAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how old the oldest undelivered event may be before the outbox check reports Unhealthy.</summary>
    /// <value>Defaults to 1 hour; at least <see cref="OutboxDegradedAge"/>, at most 30 days.</value>
    public TimeSpan OutboxUnhealthyAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many dead letters make the dead-letter check Degraded.</summary>
    /// <value>Defaults to 1 (any dead letter wants a look); 1 to 1,000,000.</value>
    public int DeadLettersDegraded { get; set; } = 1;

    /// <summary>Gets or sets how many dead letters make the dead-letter check Unhealthy.</summary>
    /// <value>Defaults to 100; at least <see cref="DeadLettersDegraded"/>, at most 1,000,000.</value>
    public int DeadLettersUnhealthy { get; set; } = 100;

    /// <summary>
    /// Gets or sets how long past its due time a record may stay unresolved (an unknown outcome not yet settled, a
    /// capture not yet sent) before the recovery check reports Degraded.
    /// </summary>
    /// <value>Defaults to 15 minutes; 1 second to 30 days.</value>
    public TimeSpan UnresolvedDegradedAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how long past its due time a record may stay unresolved before the recovery check reports Unhealthy.</summary>
    /// <value>Defaults to 2 hours; at least <see cref="UnresolvedDegradedAge"/>, at most 30 days.</value>
    public TimeSpan UnresolvedUnhealthyAge { get; set; } = TimeSpan.FromHours(2);
}
