using Microsoft.Extensions.Options;

namespace PaymentCore.Hosting.Loops;

/// <summary>Checks both loops' options when the host starts; each failure names the section, the property and the allowed range.</summary>
internal sealed class LoopOptionsValidator : IValidateOptions<OutboxLoopOptions>, IValidateOptions<RecoveryLoopOptions>
{
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(10);

    public ValidateOptionsResult Validate(string? name, OutboxLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(OutboxLoopOptions.SectionName, options.Interval, options.ErrorBackoff, options.MaxErrorBackoff, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, RecoveryLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(RecoveryLoopOptions.SectionName, options.Interval, options.ErrorBackoff, options.MaxErrorBackoff, failures);
        if (options.BatchSize is { } size && size is < 1 or > 10_000)
        {
            failures.Add($"{RecoveryLoopOptions.SectionName}:BatchSize must be between 1 and 10000; it is {size}.");
        }

        if (options.MaxBatchesPerPass is < 1 or > 1_000)
        {
            failures.Add($"{RecoveryLoopOptions.SectionName}:MaxBatchesPerPass must be between 1 and 1000; it is {options.MaxBatchesPerPass}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string section, TimeSpan interval, TimeSpan backoff, TimeSpan maxBackoff, List<string> failures)
    {
        if (interval < MinWait || interval > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:Interval must be between 00:00:00.010 and 01:00:00; it is {interval}.");
        }

        if (backoff < MinWait || backoff > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:ErrorBackoff must be between 00:00:00.010 and 01:00:00; it is {backoff}.");
        }

        if (maxBackoff < backoff || maxBackoff > TimeSpan.FromDays(1))
        {
            failures.Add($"{section}:MaxErrorBackoff must be between ErrorBackoff ({backoff}) and 1.00:00:00; it is {maxBackoff}.");
        }
    }
}
