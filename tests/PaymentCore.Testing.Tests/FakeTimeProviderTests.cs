namespace PaymentCore.Testing.Tests;

public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_WithoutAdvance_StandsStill()
    {
        var time = new FakeTimeProvider(Start);

        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(Start, time.GetUtcNow());
    }

    [Fact]
    public void AutoAdvance_MovesOnEveryRead()
    {
        var time = new FakeTimeProvider(Start) { AutoAdvance = TimeSpan.FromSeconds(1) };

        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(Start.AddSeconds(1), time.GetUtcNow());
    }

    [Fact]
    public async Task Delay_CompletesOnlyWhenTheClockPassesIt()
    {
        var time = new FakeTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(Start.AddSeconds(10), time.GetUtcNow());
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerPeriodInOrder()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(5)], fired);
        Assert.Equal(Start.AddSeconds(6), time.GetUtcNow());
    }

    [Fact]
    public void DisposedTimer_DoesNotFire()
    {
        var time = new FakeTimeProvider(Start);
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, fired);
    }

    [Fact]
    public void Advance_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeTimeProvider().Advance(TimeSpan.FromTicks(-1)));
}
