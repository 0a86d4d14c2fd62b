using PaymentCore.Webhooks.Delivery;
using Xunit.Abstractions;

namespace PaymentCore.Webhooks.Tests.Delivery;

public sealed class WebhookRetryScheduleTests(ITestOutputHelper output)
{
    [Fact]
    public void DefaultDelays_SpanAboutThreeDaysOver13Attempts()
    {
        var schedule = new WebhookRetrySchedule(WebhookRetrySchedule.DefaultDelays, jitterFactor: 0);
        var total = TimeSpan.Zero;
        for (var failed = 1; schedule.NextDelay(failed) is { } delay; failed++)
        {
            total += delay;
        }

        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10)],
            WebhookRetrySchedule.DefaultDelays.Take(6));
        Assert.Equal(13, schedule.MaxAttempts);
        Assert.Equal(new TimeSpan(3, 5, 35, 5), total); // 77 h 35 min 5 s
    }

    [Fact]
    public void NextDelay_AfterTheLastDelay_NullMeaningDeadLetter()
    {
        var schedule = new WebhookRetrySchedule([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], 0);

        Assert.Equal(TimeSpan.FromSeconds(1), schedule.NextDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(2), schedule.NextDelay(2));
        Assert.Null(schedule.NextDelay(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.NextDelay(0));
    }

    [Theory]
    [InlineData(0.0, 4.5)]
    [InlineData(0.5, 5.0)]
    [InlineData(1.0, 5.5)]
    public void NextDelay_JitterTenPercent_SpreadsEitherWay(double random, double expectedSeconds)
    {
        var schedule = new WebhookRetrySchedule(WebhookRetrySchedule.DefaultDelays, 0.1, random: () => random);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), schedule.NextDelay(1));
    }

    [Fact]
    public void NextDelay_ThousandSeededDraws_StayWithinTheJitterBand()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var schedule = new WebhookRetrySchedule(WebhookRetrySchedule.DefaultDelays, 0.1, random: random.NextDouble);
        for (var i = 0; i < 1000; i++)
        {
            var failed = (i % 12) + 1;
            var baseDelay = WebhookRetrySchedule.DefaultDelays[failed - 1];
            var delay = schedule.NextDelay(failed)!.Value;
            Assert.True(delay >= baseDelay * 0.9 && delay <= baseDelay * 1.1, $"seed {seed}: attempt {failed} delay {delay} outside ±10 % of {baseDelay}");
        }
    }

    [Fact]
    public void NextDelay_RetryAfterLonger_Honoured()
    {
        var schedule = new WebhookRetrySchedule(WebhookRetrySchedule.DefaultDelays, 0);

        Assert.Equal(TimeSpan.FromMinutes(2), schedule.NextDelay(1, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void NextDelay_RetryAfterShorter_ScheduleKept()
    {
        var schedule = new WebhookRetrySchedule(WebhookRetrySchedule.DefaultDelays, 0);

        Assert.Equal(TimeSpan.FromMinutes(5), schedule.NextDelay(2, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void NextDelay_RetryAfterOverTheCap_Capped()
    {
        var schedule = new WebhookRetrySchedule(WebhookRetrySchedule.DefaultDelays, 0, maxRetryAfter: TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromHours(1), schedule.NextDelay(1, TimeSpan.FromDays(30)));
    }

    [Fact]
    public void Constructor_EmptyOrNonPositive_Refused()
    {
        Assert.Throws<ArgumentException>(() => new WebhookRetrySchedule([]));
        Assert.Throws<ArgumentException>(() => new WebhookRetrySchedule([TimeSpan.Zero]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookRetrySchedule([TimeSpan.FromSeconds(1)], 0.6));
    }
}
