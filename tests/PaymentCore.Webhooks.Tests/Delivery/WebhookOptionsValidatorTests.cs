using PaymentCore.Webhooks.Delivery;

namespace PaymentCore.Webhooks.Tests.Delivery;

public sealed class WebhookOptionsValidatorTests
{
    private static string[] Failures(Action<WebhookOptions> change)
    {
        var options = new WebhookOptions();
        change(options);
        var result = new WebhookOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.Empty(Failures(_ => { }));
    }

    [Theory]
    [InlineData("RequestTimeout")]
    [InlineData("ShortTermRetries")]
    [InlineData("ShortTermDelay")]
    [InlineData("MaxShortTermRetryAfter")]
    [InlineData("MaxRetryAfter")]
    [InlineData("JitterFactor")]
    [InlineData("MaxConcurrency")]
    [InlineData("RetrySchedule")]
    [InlineData("RetrySchedule[1]")]
    [InlineData("Lease")]
    public void Validate_OutOfRange_MessageNamesTheProperty(string property)
    {
        Action<WebhookOptions> change = property switch
        {
            "RequestTimeout" => o => o.RequestTimeout = TimeSpan.FromMinutes(6),
            "ShortTermRetries" => o => o.ShortTermRetries = 11,
            "ShortTermDelay" => o => o.ShortTermDelay = TimeSpan.FromSeconds(-1),
            "MaxShortTermRetryAfter" => o => o.MaxShortTermRetryAfter = TimeSpan.FromMinutes(2),
            "MaxRetryAfter" => o => o.MaxRetryAfter = TimeSpan.Zero,
            "JitterFactor" => o => o.JitterFactor = double.NaN,
            "MaxConcurrency" => o => o.MaxConcurrency = 0,
            "RetrySchedule" => o => o.RetrySchedule = [],
            "RetrySchedule[1]" => o => o.RetrySchedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10)],
            _ => o => o.Lease = TimeSpan.FromSeconds(40), // 15 s × 3 attempts plus waits is more
        };

        var failure = Assert.Single(Failures(change));

        Assert.StartsWith($"WebhookOptions.{property} must be", failure.Replace(" hold", " be", StringComparison.Ordinal).Replace(" exceed", " be", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
