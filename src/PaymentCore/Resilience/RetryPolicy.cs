using System.Security.Cryptography;
using PaymentCore.Authorization;
using PaymentCore.Transactions;

namespace PaymentCore.Resilience;

/// <summary>
/// An immutable retry policy: how many attempts, how long to wait between them, how long one attempt and all of
/// them may take. It retries only <see cref="AuthorizerOutcome.TransientFailure"/> (see <see cref="Decide(AuthorizerOutcome)"/>);
/// every retry re-sends the same request, so the same idempotency key, and the authorizer deduplicates.
/// </summary>
/// <remarks>
/// Immutable and thread-safe; one instance serves every call. The no-fault path (first attempt answers) allocates
/// nothing: pass a <see langword="static"/> lambda and its state, as with Polly's <c>ExecuteAsync(callback, state)</c>.
/// </remarks>
internal sealed class RetryPolicy
{
    private static readonly Func<double> CryptoRandomizer = static () => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;

    private readonly Func<double> _randomizer;

    internal RetryPolicy(RetryPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Validate(options, "RetryPolicyOptions", failures);
        if (failures.Count > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), string.Join(" ", failures));
        }

        Backoff = options.Backoff;
        MaxAttempts = options.Backoff == RetryBackoff.None ? 1 : options.MaxAttempts;
        Delay = options.Delay;
        Factor = options.Factor;
        MaxDelay = options.MaxDelay;
        Jitter = options.Jitter;
        AttemptTimeout = options.AttemptTimeout;
        Deadline = options.Deadline;
        _randomizer = options.Randomizer ?? CryptoRandomizer;
    }

    /// <summary>Gets the policy that makes one attempt and never retries.</summary>
    public static RetryPolicy None { get; } = new(new RetryPolicyOptions { Backoff = RetryBackoff.None, MaxAttempts = 1 });

    /// <summary>Gets how the wait grows.</summary>
    public RetryBackoff Backoff { get; }

    /// <summary>Gets the most attempts, the first one included.</summary>
    public int MaxAttempts { get; }

    /// <summary>Gets the fixed wait, or the base of the exponential wait.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets the exponential growth factor.</summary>
    public double Factor { get; }

    /// <summary>Gets the longest single wait.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Gets the jitter.</summary>
    public RetryJitter Jitter { get; }

    /// <summary>Gets the longest one attempt may take, if limited.</summary>
    public TimeSpan? AttemptTimeout { get; }

    /// <summary>Gets the longest all attempts together may take, if limited.</summary>
    public TimeSpan? Deadline { get; }

    /// <summary>A policy of <paramref name="attempts"/> attempts without waiting.</summary>
    /// <param name="attempts">The most attempts, 1 to 100.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempts"/> is out of range.</exception>
    public static RetryPolicy Immediate(int attempts) =>
        new(new RetryPolicyOptions { Backoff = RetryBackoff.Immediate, MaxAttempts = attempts, Delay = TimeSpan.Zero });

    /// <summary>A policy of <paramref name="attempts"/> attempts, <paramref name="delay"/> apart.</summary>
    /// <param name="attempts">The most attempts, 1 to 100.</param>
    /// <param name="delay">The wait, 0 to 1 hour.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static RetryPolicy Fixed(int attempts, TimeSpan delay) =>
        new(new RetryPolicyOptions { Backoff = RetryBackoff.Fixed, MaxAttempts = attempts, Delay = delay, MaxDelay = delay > TimeSpan.FromSeconds(30) ? delay : TimeSpan.FromSeconds(30) });

    /// <summary>A policy of <paramref name="attempts"/> attempts with exponential, capped, jittered waits.</summary>
    /// <param name="attempts">The most attempts, 1 to 100.</param>
    /// <param name="baseDelay">The first wait, 0 to 1 hour.</param>
    /// <param name="factor">The growth factor, 1 to 10.</param>
    /// <param name="maxDelay">The cap, at least <paramref name="baseDelay"/>.</param>
    /// <param name="jitter">The jitter.</param>
    /// <param name="randomizer">The source of jitter, uniform in [0, 1); a cryptographic one when <see langword="null"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static RetryPolicy Exponential(int attempts, TimeSpan baseDelay, double factor, TimeSpan maxDelay, RetryJitter jitter, Func<double>? randomizer = null) =>
        new(new RetryPolicyOptions { Backoff = RetryBackoff.Exponential, MaxAttempts = attempts, Delay = baseDelay, Factor = factor, MaxDelay = maxDelay, Jitter = jitter, Randomizer = randomizer });

    /// <summary>Maps an authorizer answer to what is done with it; the single table every retry follows.</summary>
    /// <param name="outcome">The answer.</param>
    /// <returns>The decision.</returns>
    public static RetryDecision Decide(AuthorizerOutcome outcome) => outcome switch
    {
        AuthorizerOutcome.Approved => RetryDecision.Done,
        AuthorizerOutcome.TransientFailure => RetryDecision.RetrySameAuthorizer,
        AuthorizerOutcome.NotFound => RetryDecision.RetrySameAuthorizer, // "never seen": not done, safe to send with the same key
        AuthorizerOutcome.Unreachable => RetryDecision.TryNextAuthorizer,
        AuthorizerOutcome.Unknown => RetryDecision.ResolveByQuery,
        _ => RetryDecision.NeverRetry, // Declined, PermanentFailure: sending again cannot help and could harm
    };

    /// <summary>
    /// Computes the wait before attempt <paramref name="attempt"/> + 1. Pure: the same inputs give the same wait,
    /// which is what makes jitter testable.
    /// </summary>
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="previous">The previous wait (for decorrelated jitter); <see cref="Delay"/> before the first.</param>
    /// <param name="random">A uniform value in [0, 1).</param>
    /// <returns>The wait, between zero and <see cref="MaxDelay"/>.</returns>
    public TimeSpan GetDelay(int attempt, TimeSpan previous, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        random = double.IsFinite(random) ? Math.Clamp(random, 0, 1) : 0;
        switch (Backoff)
        {
            case RetryBackoff.None or RetryBackoff.Immediate:
                return TimeSpan.Zero;
            case RetryBackoff.Fixed:
                return Delay;
        }

        double cap = MaxDelay.Ticks;
        double ticks;
        switch (Jitter)
        {
            case RetryJitter.Full:
                ticks = random * Math.Min(cap, Delay.Ticks * Math.Pow(Factor, attempt - 1));
                break;
            case RetryJitter.Decorrelated:
                // AWS "decorrelated jitter": between the base and three times the last wait, capped.
                var high = Math.Max(Delay.Ticks, Math.Min(cap, previous.Ticks * 3.0));
                ticks = Delay.Ticks + (random * (high - Delay.Ticks));
                break;
            default:
                ticks = Delay.Ticks * Math.Pow(Factor, attempt - 1);
                break;
        }

        // Pow can reach infinity for large attempts: clamp before converting, money code never wraps.
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, 0, cap));
    }

    /// <summary>
    /// Runs <paramref name="callback"/> until it answers something other than a transient failure, attempts run
    /// out, or the deadline would pass. Waits come from <paramref name="timeProvider"/>.
    /// </summary>
    /// <typeparam name="TState">The callback's state, passed so the callback can be <see langword="static"/> (no closure).</typeparam>
    /// <param name="callback">One attempt. It must re-send the same request (same idempotency key) each time.</param>
    /// <param name="state">The state.</param>
    /// <param name="timeProvider">The clock for waits, attempt timeouts and the deadline.</param>
    /// <param name="cancellationToken">Cancels waits and attempts.</param>
    /// <returns>The last answer; <see cref="AuthorizerOutcome.Unknown"/> when an attempt timed out.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled during a wait.</exception>
    public ValueTask<AuthorizerResult> ExecuteAsync<TState>(
        Func<TState, CancellationToken, ValueTask<AuthorizerResult>> callback,
        TState state,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return AttemptTimeout is { } timeout
            ? RunAsync(
                static (s, ct) => AttemptWithTimeoutAsync(s.callback, s.state, s.timeout, s.timeProvider, ct),
                (callback, state, timeout, timeProvider),
                ShouldRetry,
                timeProvider,
                cancellationToken)
            : RunAsync(callback, state, ShouldRetry, timeProvider, cancellationToken);
    }

    private static bool ShouldRetry(AuthorizerResult result) => Decide(result) == RetryDecision.RetrySameAuthorizer;

    /// <summary>The decision for one answer: <see cref="Decide(AuthorizerOutcome)"/>, except that nothing advised <see cref="DeclineAdvice.DoNotRetry"/> is retried.</summary>
    /// <param name="result">The answer.</param>
    /// <returns>The decision.</returns>
    public static RetryDecision Decide(AuthorizerResult result) =>
        result.Advice == DeclineAdvice.DoNotRetry && result.Outcome is AuthorizerOutcome.TransientFailure
            ? RetryDecision.NeverRetry
            : Decide(result.Outcome);

    /// <summary>
    /// The one retry loop: calls <paramref name="callback"/> until <paramref name="retry"/> says no, the attempts
    /// run out or the deadline would pass, waiting the policy's backoff between attempts. Used for authorizer
    /// calls and notifications alike.
    /// </summary>
    internal async ValueTask<TResult> RunAsync<TState, TResult>(
        Func<TState, CancellationToken, ValueTask<TResult>> callback,
        TState state,
        Func<TResult, bool> retry,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var started = Deadline is null ? 0 : timeProvider.GetTimestamp();
        var previous = Delay;
        for (var attempt = 1; ; attempt++)
        {
            var result = await callback(state, cancellationToken).ConfigureAwait(false);
            if (!retry(result) || attempt >= MaxAttempts)
            {
                return result;
            }

            var delay = NextDelay(attempt, previous);
            previous = delay;
            if (Deadline is { } deadline && timeProvider.GetElapsedTime(started) + delay >= deadline)
            {
                return result;
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait after a failed attempt, drawing jitter from the policy's randomizer.</summary>
    internal TimeSpan NextDelay(int attempt, TimeSpan previous) =>
        GetDelay(attempt, previous, Backoff == RetryBackoff.Exponential && Jitter != RetryJitter.None ? _randomizer() : 0);

    internal static void Validate(RetryPolicyOptions options, string name, List<string> failures)
    {
        if (!Enum.IsDefined(options.Backoff))
        {
            failures.Add($"{name}.Backoff must be None, Immediate, Fixed or Exponential; it is {options.Backoff}.");
        }

        if (!Enum.IsDefined(options.Jitter))
        {
            failures.Add($"{name}.Jitter must be None, Full or Decorrelated; it is {options.Jitter}.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{name}.MaxAttempts must be between 1 and 100; it is {options.MaxAttempts}.");
        }

        if (options.Delay < TimeSpan.Zero || options.Delay > TimeSpan.FromHours(1))
        {
            failures.Add($"{name}.Delay must be between 00:00:00 and 01:00:00; it is {options.Delay}.");
        }

        if (!(options.Factor >= 1.0 && options.Factor <= 10.0))
        {
            failures.Add($"{name}.Factor must be between 1 and 10; it is {options.Factor}.");
        }

        if (options.MaxDelay < options.Delay || options.MaxDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{name}.MaxDelay must be between Delay ({options.Delay}) and 01:00:00; it is {options.MaxDelay}.");
        }

        if (options.AttemptTimeout is { } timeout && (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromMinutes(10)))
        {
            failures.Add($"{name}.AttemptTimeout must be null or between 00:00:00.001 and 00:10:00; it is {timeout}.");
        }

        if (options.Deadline is { } deadline && (deadline < TimeSpan.FromMilliseconds(1) || deadline > TimeSpan.FromHours(1)))
        {
            failures.Add($"{name}.Deadline must be null or between 00:00:00.001 and 01:00:00; it is {deadline}.");
        }
    }

    private static async ValueTask<AuthorizerResult> AttemptWithTimeoutAsync<TState>(
        Func<TState, CancellationToken, ValueTask<AuthorizerResult>> callback,
        TState state,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            return await callback(state, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The request was sent and abandoned: it may have been done. Unknown, resolved by query, never resent blindly.
            return AuthorizerResult.Unknown("attempt_timeout", $"No answer within {timeout}.");
        }
    }
}
