using System.Security.Cryptography;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// The long-term retry schedule: after the n-th failed attempt, wait the n-th delay (spread by jitter), or give up when
/// the delays run out. A Retry-After from the receiver lengthens a wait, never shortens it.
/// </summary>
/// <remarks>Immutable; thread-safe when its randomizer is.</remarks>
public sealed class WebhookRetrySchedule
{
    private static readonly Func<double> CryptoRandom = static () => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;

    private readonly TimeSpan[] _delays;
    private readonly double _jitter;
    private readonly TimeSpan _maxRetryAfter;
    private readonly Func<double> _random;

    /// <summary>Creates a schedule.</summary>
    /// <param name="delays">The delay before each retry.</param>
    /// <param name="jitterFactor">The fraction each delay is spread by either way (0 to 0.5).</param>
    /// <param name="maxRetryAfter">The longest Retry-After honoured.</param>
    /// <param name="random">A source of uniform numbers in [0, 1]; tests pass a seeded one. The OS generator by default.</param>
    /// <exception cref="ArgumentException">An empty schedule, a non-positive delay or a jitter outside [0, 0.5].</exception>
    public WebhookRetrySchedule(IEnumerable<TimeSpan> delays, double jitterFactor = 0.1, TimeSpan? maxRetryAfter = null, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(delays);
        _delays = [.. delays];
        if (_delays.Length == 0 || Array.Exists(_delays, static d => d <= TimeSpan.Zero))
        {
            throw new ArgumentException("A retry schedule needs at least one delay, each positive.", nameof(delays));
        }

        if (!(jitterFactor is >= 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(jitterFactor), jitterFactor, "Jitter must be 0 to 0.5.");
        }

        _jitter = jitterFactor;
        _maxRetryAfter = maxRetryAfter ?? TimeSpan.FromDays(1);
        _random = random ?? CryptoRandom;
    }

    /// <summary>Gets the default delays: 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h seven times.</summary>
    public static IReadOnlyList<TimeSpan> DefaultDelays { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
        TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Gets the delays without jitter.</summary>
    public IReadOnlyList<TimeSpan> Delays => _delays;

    /// <summary>Gets the most attempts a delivery gets: the first and one per delay.</summary>
    public int MaxAttempts => _delays.Length + 1;

    /// <summary>Gets the delay before the next attempt, or null when the delivery is to be dead-lettered.</summary>
    /// <param name="failedAttempts">Attempts made so far, all failed (1 after the first).</param>
    /// <param name="retryAfter">The receiver's Retry-After, if it sent one.</param>
    /// <returns>The delay, or null.</returns>
    public TimeSpan? NextDelay(int failedAttempts, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (failedAttempts > _delays.Length)
        {
            return null;
        }

        var baseDelay = _delays[failedAttempts - 1];
        // Spread by ±jitter: u in [0, 1] maps to a factor in [1 - j, 1 + j].
        var factor = 1 + (_jitter * ((2 * Math.Clamp(_random(), 0, 1)) - 1));
        var delay = TimeSpan.FromTicks((long)(baseDelay.Ticks * factor));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < _maxRetryAfter ? asked : _maxRetryAfter;
        }

        return delay;
    }
}
