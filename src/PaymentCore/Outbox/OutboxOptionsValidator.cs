using Microsoft.Extensions.Options;
using PaymentCore.Resilience;

namespace PaymentCore.Outbox;

/// <summary>Checks <see cref="OutboxOptions"/> when the container starts; messages name the option and its allowed range.</summary>
internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"OutboxOptions.BatchSize must be between 1 and 10000; it is {options.BatchSize}.");
        }

        if (options.Lease < TimeSpan.FromSeconds(1) || options.Lease > TimeSpan.FromHours(1))
        {
            failures.Add($"OutboxOptions.Lease must be between 00:00:01 and 01:00:00; it is {options.Lease}.");
        }

        if (options.MaxAttempts is < 1 or > 1_000)
        {
            failures.Add($"OutboxOptions.MaxAttempts must be between 1 and 1000; it is {options.MaxAttempts}.");
        }

        if (options.MaxAge < TimeSpan.FromMinutes(1) || options.MaxAge > TimeSpan.FromDays(30))
        {
            failures.Add($"OutboxOptions.MaxAge must be between 00:01:00 and 30.00:00:00; it is {options.MaxAge}.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"OutboxOptions.RetryDelay must be between 00:00:00 and 01:00:00; it is {options.RetryDelay}.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"OutboxOptions.MaxRetryDelay must be at least RetryDelay ({options.RetryDelay}); it is {options.MaxRetryDelay}.");
        }

        RetryPolicy.Validate(options.Notify, "OutboxOptions.Notify", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
