using Microsoft.Extensions.Time.Testing;
using PaymentCore.Testing.Time;

namespace PaymentCore.Testing.Tests;

public sealed class FastForwardTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Delay_CompletesAtOnce_WithTheClockShowingTheWait()
    {
        var time = new FastForwardTimeProvider(Start);

        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);

        Assert.True(delay.IsCompletedSuccessfully);
        Assert.Equal(Start.AddSeconds(10), time.GetUtcNow());
    }

    [Fact]
    public void CreateTimer_FiresTimersDueBeforeItFirst_InDueOrder()
    {
        var time = new FastForwardTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var never = time.CreateTimer(_ => fired.Add(("never", time.GetUtcNow())), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var first = time.CreateTimer(_ => fired.Add(("first", time.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        Assert.Equal([("first", Start.AddSeconds(3))], fired);
        Assert.Equal(Start.AddSeconds(3), time.GetUtcNow());
    }

    [Fact]
    public void CreateTimer_InfiniteDueTime_LeavesTheClock()
    {
        var time = new FastForwardTimeProvider(Start);
        var fired = 0;

        using var timer = time.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Equal((0, Start), (fired, time.GetUtcNow()));
    }

    [Fact]
    public void Advance_StillMovesTheClock_AndFiresPeriodicTimersOncePerPeriod()
    {
        var time = new FastForwardTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal((1, Start.AddSeconds(1)), (fired, time.GetUtcNow()));

        time.Advance(TimeSpan.FromSeconds(5)); // passes 3 s and 5 s

        Assert.Equal((3, Start.AddSeconds(6)), (fired, time.GetUtcNow()));
    }

    [Fact]
    public void FastForwardTimeProvider_IsMicrosoftsFakeTimeProvider()
    {
        FakeTimeProvider time = new FastForwardTimeProvider();

        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), time.GetUtcNow());
    }
}
