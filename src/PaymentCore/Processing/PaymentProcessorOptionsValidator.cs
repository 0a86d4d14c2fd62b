using Microsoft.Extensions.Options;
using PaymentCore.Resilience;

namespace PaymentCore.Processing;

/// <summary>Checks <see cref="PaymentProcessorOptions"/> when the container starts; messages name the option and its allowed range.</summary>
internal sealed class PaymentProcessorOptionsValidator : IValidateOptions<PaymentProcessorOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentProcessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RecoverAfter < TimeSpan.FromSeconds(1) || options.RecoverAfter > TimeSpan.FromDays(7))
        {
            failures.Add($"PaymentProcessorOptions.RecoverAfter must be between 00:00:01 and 7.00:00:00; it is {options.RecoverAfter}.");
        }

        if (options.CaptureDeadline < options.RecoverAfter)
        {
            failures.Add($"PaymentProcessorOptions.CaptureDeadline must be at least RecoverAfter ({options.RecoverAfter}); it is {options.CaptureDeadline}.");
        }

        if (options.MaxRecoveryInterval < options.RecoverAfter)
        {
            failures.Add($"PaymentProcessorOptions.MaxRecoveryInterval must be at least RecoverAfter ({options.RecoverAfter}); it is {options.MaxRecoveryInterval}.");
        }

        if (options.RecoveryBatchSize is < 1 or > 10_000)
        {
            failures.Add($"PaymentProcessorOptions.RecoveryBatchSize must be between 1 and 10000; it is {options.RecoveryBatchSize}.");
        }

        RetryPolicy.Validate(options.Authorize, "PaymentProcessorOptions.Authorize", failures);
        RetryPolicy.Validate(options.Capture, "PaymentProcessorOptions.Capture", failures);
        RetryPolicy.Validate(options.Void, "PaymentProcessorOptions.Void", failures);
        RetryPolicy.Validate(options.Refund, "PaymentProcessorOptions.Refund", failures);

        // Recovery must not take up a record whose operation may still be retrying in the instance that sent it.
        foreach (var (operation, policy) in new[] { ("Authorize", options.Authorize), ("Capture", options.Capture), ("Void", options.Void), ("Refund", options.Refund) })
        {
            if (policy.Deadline is { } deadline && deadline >= options.RecoverAfter)
            {
                failures.Add($"PaymentProcessorOptions.{operation}.Deadline must be less than RecoverAfter ({options.RecoverAfter}); it is {deadline}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
