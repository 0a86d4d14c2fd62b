using PaymentCore.Resilience;

namespace PaymentCore.Outbox;

/// <summary>Options of <see cref="OutboxDispatcher"/>. Validated when the container starts.</summary>
public sealed class OutboxOptions
{
    /// <summary>Gets or sets how many events one claim takes.</summary>
    /// <value>Defaults to 100; 1 to 10,000.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets how long a claim holds: another instance may take the events only after it runs out.</summary>
    /// <value>Defaults to 1 minute; 1 second to 1 hour. Longer than a delivery to every notifier takes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many failed deliveries an event may have before it is dead-lettered.</summary>
    /// <value>Defaults to 20; 1 to 1,000.</value>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>Gets or sets how old an undelivered event may grow before it is dead-lettered, whatever its attempts.</summary>
    /// <value>Defaults to 3 days; 1 minute to 30 days.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Gets or sets the wait after the first failed delivery; it doubles after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>Defaults to 5 seconds; 0 to 1 hour.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between two deliveries of one event.</summary>
    /// <value>Defaults to 10 hours; at least <see cref="RetryDelay"/>.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(10);

    /// <summary>
    /// Gets the retry policy of one delivery to one notifier, within a dispatch (the outbox's own backoff then takes
    /// over). The same policy type as the authorizer calls: there is one retry loop.
    /// </summary>
    /// <value>Defaults to one attempt: the outbox is the retry.</value>
    public RetryPolicyOptions Notify { get; } = new() { Backoff = RetryBackoff.None, MaxAttempts = 1, Delay = TimeSpan.Zero };
}
