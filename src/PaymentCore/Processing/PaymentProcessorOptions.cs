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
    /// common card-scheme limit). Automatic-capture authorizations are captured by recovery after <see cref="RecoverAfter"/>.
    /// </summary>
    /// <value>Defaults to 7 days; at least <see cref="RecoverAfter"/>.</value>
    public TimeSpan VoidUncapturedAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how old an undelivered event must be before the outbox dispatcher re-sends it (fresh ones are being sent by the instance that wrote them).</summary>
    /// <value>Defaults to 30 seconds; 0 to 1 hour.</value>
    public TimeSpan OutboxGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many records or events one recovery pass takes up.</summary>
    /// <value>Defaults to 100; 1 to 10,000.</value>
    public int RecoveryBatchSize { get; set; } = 100;

    /// <summary>Gets the retry policy of authorizations. Only transient failures are retried; an unreachable authorizer passes to the next of the route.</summary>
    /// <value>
    /// Defaults to 3 attempts with exponential backoff (200 ms base, factor 2, 5 s cap) and full jitter, no attempt
    /// timeout, no deadline: a gateway that is struggling is not hammered, and retries from many clients spread out.
    /// Tests on <c>PaymentCore.Testing.FastForwardTimeProvider</c> (a Microsoft <c>FakeTimeProvider</c>) see the waits pass at once.
    /// </value>
    public RetryPolicyOptions Authorize { get; } = Exponential(3);

    /// <summary>Gets the retry policy of captures (sent to the authorizer that holds the authorization).</summary>
    /// <value>Defaults to 5 attempts, exponential backoff with full jitter (see <see cref="Authorize"/>).</value>
    public RetryPolicyOptions Capture { get; } = Exponential(5);

    /// <summary>Gets the retry policy of voids, rollbacks included.</summary>
    /// <value>Defaults to 5 attempts, exponential backoff with full jitter (see <see cref="Authorize"/>).</value>
    public RetryPolicyOptions Void { get; } = Exponential(5);

    /// <summary>Gets the retry policy of refunds.</summary>
    /// <value>Defaults to 3 attempts, exponential backoff with full jitter (see <see cref="Authorize"/>).</value>
    public RetryPolicyOptions Refund { get; } = Exponential(3);

    /// <summary>Gets the retry policy of notifications (a notifier that throws); events still undelivered stay in the outbox for <see cref="PaymentProcessor.DispatchOutboxAsync"/>.</summary>
    /// <value>Defaults to <see cref="RetryBackoff.None"/>: one attempt, the outbox is the retry.</value>
    public RetryPolicyOptions Notify { get; } = new() { Backoff = RetryBackoff.None, MaxAttempts = 1, Delay = TimeSpan.Zero };

    private static RetryPolicyOptions Exponential(int attempts) =>
        new() { Backoff = RetryBackoff.Exponential, MaxAttempts = attempts, Delay = TimeSpan.FromMilliseconds(200), Factor = 2, MaxDelay = TimeSpan.FromSeconds(5), Jitter = RetryJitter.Full };
}
