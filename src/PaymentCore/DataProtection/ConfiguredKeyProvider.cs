using Microsoft.Extensions.Options;

namespace PaymentCore.DataProtection;

/// <summary>
/// The default <see cref="IKeyProvider"/>: keys from <see cref="DataProtectionOptions.Keys"/>, or when that is
/// empty from the environment variable it names (<c>PAYMENTCORE_DATA_KEYS="k1:BASE64,k2:BASE64"</c>).
/// </summary>
/// <remarks>
/// Keys in configuration or the environment are only as safe as the host: anyone who can read the process
/// environment or the configuration file can decrypt. Production deployments should plug in a KMS-backed
/// provider (see <see cref="IKeyProvider"/>). Thread-safe: reads the options once per call.
/// </remarks>
public sealed class ConfiguredKeyProvider : IKeyProvider
{
    private readonly DataProtectionOptions _options;
    private readonly Func<string, string?> _environment;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The options.</param>
    public ConfiguredKeyProvider(IOptions<DataProtectionOptions> options)
        : this(options, Environment.GetEnvironmentVariable)
    {
    }

    internal ConfiguredKeyProvider(IOptions<DataProtectionOptions> options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _environment = environment;
    }

    /// <inheritdoc />
    /// <exception cref="DataProtectionException">An entry is not <c>id:base64</c> of 32 bytes, or an id repeats (<see cref="DataProtectionFailure.Malformed"/>).</exception>
    public KeySet GetKeys()
    {
        IEnumerable<string> entries = _options.Keys;
        if (_options.Keys.Count == 0)
        {
            var variable = _environment(_options.EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(variable))
            {
                return KeySet.Empty;
            }

            entries = variable.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var keys = new List<DataKey>();
        var position = 0;
        foreach (var entry in entries)
        {
            keys.Add(Parse(entry, position++));
        }

        if (keys.Count == 0)
        {
            return KeySet.Empty;
        }

        return new KeySet(keys, _options.ActiveKeyId ?? keys[^1].Id, _options.BlindIndexKeyId ?? keys[0].Id);
    }

    internal static DataKey Parse(string entry, int position)
    {
        // Errors name the entry's position and id, never its material.
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, $"Data key entry #{position} is not 'id:base64'.");
        }

        var id = entry[..colon].Trim();
        Span<byte> material = stackalloc byte[DataKey.KeySizeInBytes + 1];
        if (!Convert.TryFromBase64String(entry[(colon + 1)..].Trim(), material, out var written) || written != DataKey.KeySizeInBytes)
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, $"Data key '{id}' (entry #{position}) is not 32 bytes of Base64.", id);
        }

        try
        {
            return new DataKey(id, material[..written]);
        }
        catch (ArgumentException ex)
        {
            throw new DataProtectionException(DataProtectionFailure.Malformed, $"Data key entry #{position}: {ex.Message}", null, ex);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(material);
        }
    }
}
