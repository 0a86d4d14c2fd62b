using Microsoft.Extensions.Options;

namespace PaymentCore.Hosting.HealthChecks;

/// <summary>Checks the thresholds when the host starts; each failure names the property and its allowed range.</summary>
internal sealed class PaymentCoreHealthCheckOptionsValidator : IValidateOptions<PaymentCoreHealthCheckOptions>
{
    private const string Section = PaymentCoreHealthCheckOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PaymentCoreHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Ages("Outbox", options.OutboxDegradedAge, options.OutboxUnhealthyAge, failures);
        Ages("Unresolved", options.UnresolvedDegradedAge, options.UnresolvedUnhealthyAge, failures);
        if (options.DeadLettersDegraded is < 1 or > 1_000_000)
        {
            failures.Add($"{Section}:DeadLettersDegraded must be between 1 and 1000000; it is {options.DeadLettersDegraded}.");
        }

        if (options.DeadLettersUnhealthy < options.DeadLettersDegraded || options.DeadLettersUnhealthy > 1_000_000)
        {
            failures.Add($"{Section}:DeadLettersUnhealthy must be between DeadLettersDegraded ({options.DeadLettersDegraded}) and 1000000; it is {options.DeadLettersUnhealthy}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Ages(string prefix, TimeSpan degraded, TimeSpan unhealthy, List<string> failures)
    {
        var max = TimeSpan.FromDays(30);
        if (degraded < TimeSpan.FromSeconds(1) || degraded > max)
        {
            failures.Add($"{Section}:{prefix}DegradedAge must be between 00:00:01 and 30.00:00:00; it is {degraded}.");
        }

        if (unhealthy < degraded || unhealthy > max)
        {
            failures.Add($"{Section}:{prefix}UnhealthyAge must be between {prefix}DegradedAge ({degraded}) and 30.00:00:00; it is {unhealthy}.");
        }
    }
}
