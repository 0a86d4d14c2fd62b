using Microsoft.Extensions.Time.Testing;

namespace PaymentCore.Testing.Time;

/// <summary>
/// Microsoft's <see cref="FakeTimeProvider"/> whose timers move the clock to their due time the moment they are
/// created, firing them (and any timer due before them) in due order: every <c>Task.Delay(delay, timeProvider)</c>
/// completes at once, with the clock showing the wait. For tests and simulations of retries that back off, where
/// nobody else advances the clock; <see cref="FakeTimeProvider.Advance(TimeSpan)"/> still moves it further.
/// </summary>
/// <remarks>
/// <para>A timeout timer (<c>CancellationTokenSource.CancelAfter</c>, an attempt timeout) fires at once too: use a
/// plain <see cref="FakeTimeProvider"/> and advance it yourself to test one.</para>
/// <para>Thread safety: as <see cref="FakeTimeProvider"/>; a test drives it from one thread at a time.</para>
/// </remarks>
public sealed class FastForwardTimeProvider : FakeTimeProvider
{
    /// <summary>Creates a clock at <see cref="FakeTimeProvider"/>'s default start, 2000-01-01T00:00:00Z.</summary>
    public FastForwardTimeProvider()
    {
    }

    /// <summary>Creates a clock at <paramref name="start"/>.</summary>
    /// <param name="start">The time the clock starts at.</param>
    public FastForwardTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Creates a timer, then moves the clock to its due time so that it fires now.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The callback's state.</param>
    /// <param name="dueTime">When the timer first fires; <see cref="Timeout.InfiniteTimeSpan"/> for never (the clock does not move).</param>
    /// <param name="period">The period of a periodic timer, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <returns>The timer.</returns>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime >= TimeSpan.Zero)
        {
            Advance(dueTime);
        }

        return timer;
    }
}
