namespace PaymentCore;

/// <summary>Options of <see cref="PaymentProcessor"/>. Validated when the container starts.</summary>
public sealed class PaymentProcessorOptions
{
    /// <summary>Gets or sets how long a record may sit in Received or Authorized, or with a pending operation, before recovery takes it up.</summary>
    /// <value>Defaults to 5 minutes; 1 second to 7 days.</value>
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long an automatic-capture authorization may wait before recovery captures it, and a
    /// manual-capture authorization before recovery voids it (authorizations expire at the issuer: 7 days is the
    /// common card-scheme limit).
    /// </summary>
    /// <value>Defaults to 7 days; at least <see cref="RecoverAfter"/>.</value>
    public TimeSpan VoidUncapturedAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how old an undelivered event must be before the outbox dispatcher re-sends it (fresh ones are being sent by the instance that wrote them).</summary>
    /// <value>Defaults to 30 seconds; 0 to 1 hour.</value>
    public TimeSpan OutboxGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many records or events one recovery pass takes up.</summary>
    /// <value>Defaults to 100; 1 to 10,000.</value>
    public int RecoveryBatchSize { get; set; } = 100;
}
