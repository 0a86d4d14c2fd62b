using System.Globalization;
using PaymentCore.Configuration;

namespace PaymentCore.DataProtection;

/// <summary>
/// The rules of <see cref="DataProtectionOptions"/>, checked at container start: a malformed key fails the start rather
/// than the first payment. Messages name the entry's position, never its material.
/// </summary>
internal sealed class DataProtectionOptionsValidator : OptionsValidator<DataProtectionOptions>
{
    protected override void Check(DataProtectionOptions options, OptionFailures failures)
    {
        if (string.IsNullOrWhiteSpace(options.EnvironmentVariable))
        {
            failures.Add(nameof(DataProtectionOptions.EnvironmentVariable), "must name an environment variable.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            try
            {
                var key = ConfiguredKeyProvider.Parse(options.Keys[i] ?? string.Empty, i);
                if (!ids.Add(key.Id))
                {
                    failures.Add(Entry(i), "repeats the id of an earlier key.");
                }
            }
            catch (DataProtectionException)
            {
                failures.Add(Entry(i), "must be 'id:base64' with 32 bytes of key material.");
            }
        }

        if (ids.Count > 0 && options.ActiveKeyId is { } active && !ids.Contains(active))
        {
            failures.Add(nameof(DataProtectionOptions.ActiveKeyId), "must be the id of one of Keys.");
        }

        if (ids.Count > 0 && options.BlindIndexKeyId is { } blind && !ids.Contains(blind))
        {
            failures.Add(nameof(DataProtectionOptions.BlindIndexKeyId), "must be the id of one of Keys.");
        }
    }

    private static string Entry(int i) => string.Create(CultureInfo.InvariantCulture, $"{nameof(DataProtectionOptions.Keys)}[{i}]");
}
