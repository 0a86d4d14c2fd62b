using Microsoft.Extensions.Options;

namespace PaymentCore.BatchWork;

/// <summary>Checks <see cref="BatchWorkerOptions"/>; messages name the option and its allowed range.</summary>
internal sealed class BatchWorkerOptionsValidator : IValidateOptions<BatchWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WorkerId) || options.WorkerId.Length > 200)
        {
            failures.Add("BatchWorkerOptions.WorkerId must not be blank and at most 200 characters.");
        }

        if (options.ChunkSize is < 1 or > 100_000)
        {
            failures.Add($"BatchWorkerOptions.ChunkSize must be between 1 and 100000; it is {options.ChunkSize}.");
        }

        if (options.Lease < TimeSpan.FromSeconds(1) || options.Lease > TimeSpan.FromHours(1))
        {
            failures.Add($"BatchWorkerOptions.Lease must be between 00:00:01 and 01:00:00; it is {options.Lease}.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"BatchWorkerOptions.PollInterval must be between 00:00:00.010 and 00:01:00; it is {options.PollInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
