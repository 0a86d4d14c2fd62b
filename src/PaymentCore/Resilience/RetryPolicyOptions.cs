namespace PaymentCore.Resilience;

/// <summary>
/// Options of the retry policy of one operation (authorize, capture, void, refund, notify). A mutable POCO bound
/// from configuration; the processor turns it into an immutable policy when it is created.
/// </summary>
/// <remarks>Not thread-safe while being configured; read once when the processor is built.</remarks>
public sealed class RetryPolicyOptions
{
    /// <summary>Gets or sets how the wait between attempts grows.</summary>
    /// <value>Defaults to <see cref="RetryBackoff.Exponential"/>.</value>
    public RetryBackoff Backoff { get; set; } = RetryBackoff.Exponential;

    /// <summary>Gets or sets the most attempts, the first one included (ignored for <see cref="RetryBackoff.None"/>, which makes one).</summary>
    /// <value>Defaults to 3; 1 to 100.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the fixed wait, or the base of the exponential wait.</summary>
    /// <value>Defaults to 200 milliseconds; 0 to 1 hour.</value>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the growth factor of the exponential wait.</summary>
    /// <value>Defaults to 2; 1 to 10.</value>
    public double Factor { get; set; } = 2.0;

    /// <summary>Gets or sets the longest single wait.</summary>
    /// <value>Defaults to 30 seconds; at least <see cref="Delay"/> and at most 1 hour.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how the exponential wait is randomised.</summary>
    /// <value>Defaults to <see cref="RetryJitter.Full"/>.</value>
    public RetryJitter Jitter { get; set; } = RetryJitter.Full;

    /// <summary>
    /// Gets or sets how long one attempt may take before it is abandoned. An abandoned attempt was sent, so its
    /// outcome is unknown and is resolved by a status query, never by a blind resend.
    /// </summary>
    /// <value>Defaults to <see langword="null"/> (no limit, the authorizer's own timeout applies); otherwise 1 millisecond to 10 minutes.</value>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Gets or sets how long all attempts together may take: no retry starts whose wait would end after it.</summary>
    /// <value>Defaults to <see langword="null"/> (bounded by <see cref="MaxAttempts"/> only); otherwise 1 millisecond to 1 hour.</value>
    public TimeSpan? Deadline { get; set; }

    /// <summary>
    /// Gets or sets the source of jitter: a function returning a uniform value in [0, 1). Inject a seeded one in
    /// tests so waits are reproducible.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: a cryptographic generator (no seedable generator ships in the core).</value>
    public Func<double>? Randomizer { get; set; }

    /// <summary>Creates the immutable policy these options describe.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range.</exception>
    internal RetryPolicy ToPolicy() => new(this);
}
