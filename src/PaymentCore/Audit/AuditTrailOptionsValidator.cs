using System.Globalization;
using PaymentCore.Configuration;

namespace PaymentCore.Audit;

/// <summary>The rules of <see cref="AuditTrailOptions"/>, checked by <see cref="AuditTrail"/>'s constructor and, when registered, at container start.</summary>
internal sealed class AuditTrailOptionsValidator : OptionsValidator<AuditTrailOptions>
{
    public static AuditTrailOptionsValidator Instance { get; } = new();

    protected override void Check(AuditTrailOptions options, OptionFailures failures)
    {
        if (options.CheckpointEvery < 0)
        {
            failures.Add(nameof(AuditTrailOptions.CheckpointEvery), string.Create(CultureInfo.InvariantCulture, $"must be 0 (off) or more; it is {options.CheckpointEvery}."));
        }

        if (options.VerifyPageSize is < 2 or > 100_000)
        {
            failures.Add(nameof(AuditTrailOptions.VerifyPageSize), string.Create(CultureInfo.InvariantCulture, $"must be 2 to 100000; it is {options.VerifyPageSize}."));
        }
    }
}
