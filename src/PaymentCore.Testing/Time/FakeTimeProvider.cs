namespace PaymentCore.Testing;

/// <summary>
/// A clock that moves only when told, with timers that fire when it passes their due time: tests of retries,
/// windows and recovery run instantly and the same way every time.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>Creates a clock at 2026-01-01T00:00:00Z.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Creates a clock at <paramref name="start"/>.</summary>
    /// <param name="start">The start time.</param>
    public FakeTimeProvider(DateTimeOffset start) => _now = start;

    /// <summary>Gets or sets how far the clock moves by itself on every read; zero by default.</summary>
    public TimeSpan AutoAdvance { get; set; }

    /// <summary>
    /// Gets or sets whether creating a timer moves the clock to its due time at once (firing it and any timer due
    /// before it): every <c>Task.Delay(delay, timeProvider)</c> then completes immediately, with the clock showing
    /// the wait. For simulations, where nobody else advances the clock. Note that a timeout timer fires at once
    /// too. <see langword="false"/> by default.
    /// </summary>
    public bool AdvanceOnTimerCreation { get; set; }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            var now = _now;
            if (AutoAdvance > TimeSpan.Zero)
            {
                _now += AutoAdvance;
            }

            return now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Moves the clock forward and fires the timers that fall due, in due order.</summary>
    /// <param name="delta">How far; not negative.</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt > _now ? due.DueAt : _now;
                due.Reschedule();
            }

            due.Fire();
        }
    }

    /// <summary>Sets the clock to a later time, firing timers that fall due.</summary>
    /// <param name="time">The new time; not earlier than now.</param>
    public void SetUtcNow(DateTimeOffset time)
    {
        TimeSpan delta;
        lock (_lock)
        {
            delta = time - _now;
        }

        Advance(delta);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        if (AdvanceOnTimerCreation && dueTime != Timeout.InfiniteTimeSpan && dueTime >= TimeSpan.Zero)
        {
            Advance(dueTime);
        }

        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = owner._now + dueTime;
                    owner._timers.Add(this);
                }
            }

            return true;
        }

        // Called under the owner's lock, before firing: periodic timers go back in the queue.
        public void Reschedule()
        {
            owner._timers.Remove(this);
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                DueAt += _period;
                owner._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
