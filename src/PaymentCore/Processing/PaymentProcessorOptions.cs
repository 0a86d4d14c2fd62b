using PaymentCore.Resilience;

namespace PaymentCore.Processing;

/// <summary>Options of <see cref="PaymentProcessor"/>. Validated when the container starts.</summary>
public sealed class PaymentProcessorOptions
{
    /// <summary>Gets or sets how long a record may sit in Received or Authorized, or with a pending operation, before recovery takes it up.</summary>
    /// <value>Defaults to 5 minutes; 1 second to 7 days.</value>
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the capture deadline: how long after it was created a manual-capture authorization (or a partial
    /// capture left open) may wait for the merchant. Until then it is not a recovery candidate at all; when it
    /// passes, recovery voids it (releasing what is still held), because authorizations expire at the issuer (7
    /// days is the common card-scheme limit) and the payer's funds should not stay blocked.
    /// </summary>
    /// <value>Defaults to 7 days; at least <see cref="RecoverAfter"/>.</value>
    public TimeSpan CaptureDeadline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets the longest wait between two status queries of an outcome that stays unknown. Recovery asks
    /// after <see cref="RecoverAfter"/>, then backs off per record, doubling up to this.
    /// </summary>
    /// <value>Defaults to 1 hour; at least <see cref="RecoverAfter"/>.</value>
    public TimeSpan MaxRecoveryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many due records one recovery pass takes up.</summary>
    /// <value>Defaults to 100; 1 to 10,000.</value>
    public int RecoveryBatchSize { get; set; } = 100;

    /// <summary>
    /// Gets or sets whether every change is audited: when the store keeps an audit chain
    /// (<see cref="Storage.IAuditedTransactionStore"/>: the in-memory, SQLite and PostgreSQL stores do), each change
    /// is written with its audit entry in the same store transaction, and refused operations, recovery actions and the
    /// configuration at start are recorded too. Off only to measure what the audit costs.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Audit { get; set; } = true;

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

    private static RetryPolicyOptions Exponential(int attempts) =>
        new() { Backoff = RetryBackoff.Exponential, MaxAttempts = attempts, Delay = TimeSpan.FromMilliseconds(200), Factor = 2, MaxDelay = TimeSpan.FromSeconds(5), Jitter = RetryJitter.Full };
}
