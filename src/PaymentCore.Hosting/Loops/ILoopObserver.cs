namespace PaymentCore.Hosting.Loops;

/// <summary>
/// Told what a hosted loop does, in order: tests wait on it instead of on the clock, so no assertion is timed.
/// Not registered outside tests.
/// </summary>
internal interface ILoopObserver
{
    /// <summary>A pass ended, with the exception that ended it, if any.</summary>
    void PassEnded(string loop, Exception? error);

    /// <summary>The loop waits <paramref name="wait"/> (its timer is already set, so the clock may be advanced).</summary>
    void Waiting(string loop, TimeSpan wait);

    /// <summary>The loop stopped.</summary>
    void Stopped(string loop);
}
