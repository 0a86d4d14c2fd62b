using System.Globalization;
using PaymentCore.Configuration;

namespace PaymentCore.Batch;

/// <summary>The rules of <see cref="BatchOptions"/>, checked at container start and by <see cref="BatchProcessor"/>'s constructor.</summary>
internal sealed class BatchOptionsValidator : OptionsValidator<BatchOptions>
{
    public static BatchOptionsValidator Instance { get; } = new();

    protected override void Check(BatchOptions options, OptionFailures failures)
    {
        if (options.MaxDegreeOfParallelism is < 1 or > BatchOptions.MaxParallelism)
        {
            failures.Add(nameof(BatchOptions.MaxDegreeOfParallelism), string.Create(CultureInfo.InvariantCulture, $"must be from 1 to {BatchOptions.MaxParallelism}; it is {options.MaxDegreeOfParallelism}."));
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add(nameof(BatchOptions.Mode), "must be BestEffort or AllOrNothing.");
        }

        if (options.ProgressInterval < TimeSpan.Zero)
        {
            failures.Add(nameof(BatchOptions.ProgressInterval), $"must not be negative; it is {options.ProgressInterval}.");
        }
    }
}
