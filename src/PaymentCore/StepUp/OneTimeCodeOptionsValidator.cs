using System.Globalization;
using PaymentCore.Configuration;

namespace PaymentCore.StepUp;

/// <summary>The rules of <see cref="OneTimeCodeOptions"/>, checked by <see cref="OneTimeCodeAuthenticator"/>'s constructor and, when registered, at container start.</summary>
internal sealed class OneTimeCodeOptionsValidator : OptionsValidator<OneTimeCodeOptions>
{
    public static OneTimeCodeOptionsValidator Instance { get; } = new();

    protected override void Check(OneTimeCodeOptions options, OptionFailures failures)
    {
        // The key's length only: its bytes are a secret.
        if (options.HashKey is null || options.HashKey.Length < OneTimeCodeOptions.MinimumKeyLength)
        {
            failures.Add(nameof(OneTimeCodeOptions.HashKey), string.Create(CultureInfo.InvariantCulture, $"must be at least {OneTimeCodeOptions.MinimumKeyLength} bytes; it has {options.HashKey?.Length ?? 0}. Make one with RandomNumberGenerator.GetBytes(32) and keep it outside the database."));
        }

        if (options.CodeLifetime < TimeSpan.FromSeconds(30) || options.CodeLifetime > TimeSpan.FromHours(1))
        {
            failures.Add(nameof(OneTimeCodeOptions.CodeLifetime), $"must be 30 seconds to 1 hour; it is {options.CodeLifetime}.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add(nameof(OneTimeCodeOptions.MaxAttempts), string.Create(CultureInfo.InvariantCulture, $"must be 1 to 10; it is {options.MaxAttempts}."));
        }

        if (options.ResendInterval < TimeSpan.Zero || options.ResendInterval > TimeSpan.FromHours(1))
        {
            failures.Add(nameof(OneTimeCodeOptions.ResendInterval), $"must be zero to 1 hour; it is {options.ResendInterval}.");
        }

        if (options.MaxSends is < 1 or > 10)
        {
            failures.Add(nameof(OneTimeCodeOptions.MaxSends), string.Create(CultureInfo.InvariantCulture, $"must be 1 to 10; it is {options.MaxSends}."));
        }
    }
}
