namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// How webhooks are delivered. Bind from configuration (section <c>PaymentCore:Webhooks</c> by convention); validated
/// when the container starts, with messages that name the property and its allowed range.
/// </summary>
/// <remarks>Not thread-safe while being changed; read through <c>IOptions</c>.</remarks>
public sealed class WebhookOptions
{
    /// <summary>The configuration section name used by convention.</summary>
    public const string SectionName = "PaymentCore:Webhooks";

    /// <summary>Gets or sets how long one HTTP attempt may take before it counts as failed.</summary>
    /// <value>Defaults to 15 seconds (the specification recommends 15–30 s). 1 s to 5 min.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how many times an attempt is retried at once (short term, by the HTTP resilience handler) on a
    /// connection error, a timeout, a 5xx or a 429 whose Retry-After is short, before the long-term schedule takes over.
    /// </summary>
    /// <value>Defaults to 2. 0 to 10.</value>
    public int ShortTermRetries { get; set; } = 2;

    /// <summary>Gets or sets the first short-term retry delay (doubled each retry, with jitter).</summary>
    /// <value>Defaults to 1 second. 0 to 1 minute.</value>
    public TimeSpan ShortTermDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the longest Retry-After the short-term retries wait for; a longer one ends the attempt and
    /// schedules the next at Retry-After instead.
    /// </summary>
    /// <value>Defaults to 10 seconds. 0 to 1 minute.</value>
    public TimeSpan MaxShortTermRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the long-term schedule: the delay before each retry after a failed attempt. When it runs out the
    /// delivery is dead-lettered.
    /// </summary>
    /// <value>
    /// Null by default, which means <see cref="WebhookRetrySchedule.DefaultDelays"/>: 5 s, 5 min, 30 min, 2 h, 5 h, then
    /// 10 h seven times (about 3.2 days, 13 attempts). 1 to 50 delays, each 1 s to 7 days.
    /// </value>
    public IList<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>Gets or sets the jitter: each scheduled delay is spread uniformly by up to this fraction either way.</summary>
    /// <value>Defaults to 0.1 (±10 %), so a burst of failures does not come back as a burst. 0 to 0.5.</value>
    public double JitterFactor { get; set; } = 0.1;

    /// <summary>Gets or sets the longest Retry-After honoured for the next scheduled attempt; longer ones are cut to it.</summary>
    /// <value>Defaults to 1 day. 1 s to 7 days.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how long a delivery taken for an attempt is kept from other workers.</summary>
    /// <value>Defaults to 5 minutes. Must exceed RequestTimeout × (ShortTermRetries + 1) plus the short-term waits.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many deliveries one run of <see cref="WebhookRetryRunner.RunDueAsync"/> sends at once.</summary>
    /// <value>Defaults to 8. 1 to 256.</value>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>
    /// Gets or sets whether <see cref="WebhookNotifier.NotifyAsync"/> makes the first attempt itself. Turn it off to
    /// keep HTTP off the caller's path entirely: the notifier then only records each delivery, due at once, and
    /// <see cref="WebhookRetryRunner.RunDueAsync"/> (on a timer or hosted loop) sends it.
    /// </summary>
    /// <value>Defaults to true, so webhooks go out with no loop running. A caller then waits up to one attempt's
    /// worst case (RequestTimeout × (ShortTermRetries + 1)) per endpoint, in parallel across endpoints.</value>
    public bool SendOnNotify { get; set; } = true;

    /// <summary>Gets or sets whether endpoints on loopback addresses (127.0.0.0/8, ::1) may be posted to.</summary>
    /// <value>Defaults to false: refused, as a guard against server-side request forgery. Tests turn it on.</value>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Gets or sets whether endpoints on private, carrier-grade NAT and link-local addresses (including the cloud
    /// metadata service, 169.254.169.254) may be posted to.
    /// </summary>
    /// <value>Defaults to false: refused, as a guard against server-side request forgery.</value>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Gets or sets whether plain http endpoints are allowed; https is required otherwise.</summary>
    /// <value>Defaults to false. Tests against a local server turn it on.</value>
    public bool AllowHttp { get; set; }
}
