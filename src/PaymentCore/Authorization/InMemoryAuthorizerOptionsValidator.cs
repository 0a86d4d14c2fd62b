using System.Globalization;
using PaymentCore.Configuration;

namespace PaymentCore.Authorization;

/// <summary>The rules of <see cref="InMemoryAuthorizerOptions"/>, checked at container start and by <see cref="InMemoryAuthorizer"/>'s constructors.</summary>
internal sealed class InMemoryAuthorizerOptionsValidator : OptionsValidator<InMemoryAuthorizerOptions>
{
    // 10^15 major units fit in a long at every ISO 4217 exponent (at most 4): the simulator's balances never wrap.
    internal const long MaxBalanceMajorUnits = 1_000_000_000_000_000;

    public static InMemoryAuthorizerOptionsValidator Instance { get; } = new();

    protected override void Check(InMemoryAuthorizerOptions options, OptionFailures failures)
    {
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Length > 64)
        {
            failures.Add(nameof(InMemoryAuthorizerOptions.Name), "must be 1 to 64 characters, not blank.");
        }

        if (options.DefaultBalanceMajorUnits is < 0 or > MaxBalanceMajorUnits)
        {
            failures.Add(nameof(InMemoryAuthorizerOptions.DefaultBalanceMajorUnits), string.Create(CultureInfo.InvariantCulture, $"must be 0 to {MaxBalanceMajorUnits}; it is {options.DefaultBalanceMajorUnits}."));
        }

        for (var i = 0; i < options.AmountGranularities.Count; i++)
        {
            if (options.AmountGranularities[i] is not { MinorUnitStep: >= 1 })
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(InMemoryAuthorizerOptions.AmountGranularities)}[{i}]"), "must be set, with a MinorUnitStep of at least 1.");
            }
        }
    }
}
