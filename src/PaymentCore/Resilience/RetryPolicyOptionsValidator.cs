using Microsoft.Extensions.Options;

namespace PaymentCore.Resilience;

/// <summary>
/// Checks one <see cref="RetryPolicyOptions"/> on its own. The processor and the outbox check theirs inside their own
/// validators with the same rules (<see cref="RetryPolicy.Validate"/>), named by where they sit
/// (<c>PaymentProcessorOptions.Capture.MaxAttempts</c>).
/// </summary>
internal sealed class RetryPolicyOptionsValidator : IValidateOptions<RetryPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        RetryPolicy.Validate(options, nameof(RetryPolicyOptions), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
