using System.Globalization;
using PaymentCore.Configuration;

namespace PaymentCore.StepUp.Totp;

/// <summary>The rules of <see cref="TotpAuthenticatorOptions"/>, checked by <see cref="TotpAuthenticator"/>'s constructor and, when registered, at container start.</summary>
internal sealed class TotpAuthenticatorOptionsValidator : OptionsValidator<TotpAuthenticatorOptions>
{
    public static TotpAuthenticatorOptionsValidator Instance { get; } = new();

    protected override void Check(TotpAuthenticatorOptions options, OptionFailures failures)
    {
        if (options.Step < TimeSpan.FromSeconds(15) || options.Step > TimeSpan.FromSeconds(120) || options.Step.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add(nameof(TotpAuthenticatorOptions.Step), $"must be 15 to 120 whole seconds; it is {options.Step}.");
        }

        if (options.Digits is < 6 or > 8)
        {
            failures.Add(nameof(TotpAuthenticatorOptions.Digits), string.Create(CultureInfo.InvariantCulture, $"must be 6 to 8; it is {options.Digits}."));
        }

        if (options.AllowedDriftSteps is < 0 or > 2)
        {
            failures.Add(nameof(TotpAuthenticatorOptions.AllowedDriftSteps), string.Create(CultureInfo.InvariantCulture, $"must be 0 to 2; it is {options.AllowedDriftSteps}."));
        }

        if (options.ChallengeLifetime < TimeSpan.FromSeconds(30) || options.ChallengeLifetime > TimeSpan.FromHours(1))
        {
            failures.Add(nameof(TotpAuthenticatorOptions.ChallengeLifetime), $"must be 30 seconds to 1 hour; it is {options.ChallengeLifetime}.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add(nameof(TotpAuthenticatorOptions.MaxAttempts), string.Create(CultureInfo.InvariantCulture, $"must be 1 to 10; it is {options.MaxAttempts}."));
        }
    }
}
