using Microsoft.Extensions.Options;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>Validates <see cref="WebhookOptions"/> when the container starts.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(failures, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        if (options.ShortTermRetries is < 0 or > 10)
        {
            failures.Add($"WebhookOptions.ShortTermRetries must be 0 to 10; it is {options.ShortTermRetries}.");
        }

        Range(failures, nameof(options.ShortTermDelay), options.ShortTermDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(failures, nameof(options.MaxShortTermRetryAfter), options.MaxShortTermRetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(failures, nameof(options.MaxRetryAfter), options.MaxRetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        if (options.RetrySchedule is { } schedule)
        {
            if (schedule.Count is 0 or > 50)
            {
                failures.Add($"WebhookOptions.RetrySchedule must hold 1 to 50 delays; it holds {schedule.Count}.");
            }

            for (var i = 0; i < schedule.Count; i++)
            {
                if (schedule[i] < TimeSpan.FromSeconds(1) || schedule[i] > TimeSpan.FromDays(7))
                {
                    failures.Add($"WebhookOptions.RetrySchedule[{i}] must be 1 s to 7 days; it is {schedule[i]}.");
                }
            }
        }

        if (!(options.JitterFactor is >= 0 and <= 0.5))
        {
            failures.Add($"WebhookOptions.JitterFactor must be 0 to 0.5; it is {options.JitterFactor}.");
        }

        if (options.MaxConcurrency is < 1 or > 256)
        {
            failures.Add($"WebhookOptions.MaxConcurrency must be 1 to 256; it is {options.MaxConcurrency}.");
        }

        if (failures.Count == 0 && options.Lease <= WorstAttempt(options))
        {
            failures.Add($"WebhookOptions.Lease must exceed one attempt's worst case, RequestTimeout × (ShortTermRetries + 1) plus the short-term waits ({WorstAttempt(options)}); it is {options.Lease}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static TimeSpan WorstAttempt(WebhookOptions options)
    {
        var waits = TimeSpan.Zero;
        for (var i = 0; i < options.ShortTermRetries; i++)
        {
            var backoff = options.ShortTermDelay * Math.Pow(2, i) * 1.25;
            waits += backoff > options.MaxShortTermRetryAfter ? backoff : options.MaxShortTermRetryAfter;
        }

        return (options.RequestTimeout * (options.ShortTermRetries + 1)) + waits;
    }

    private static void Range(List<string> failures, string property, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"WebhookOptions.{property} must be {min} to {max}; it is {value}.");
        }
    }
}
