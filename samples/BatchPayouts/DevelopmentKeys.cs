using System.Security.Cryptography;
using PaymentCore.DataProtection;
using PaymentCore.Transactions;

namespace BatchPayouts;

/// <summary>
/// The sample's data-protection key: PAYMENTCORE_DATA_KEYS when set, otherwise a development key generated on
/// the first run and kept next to the database (<c>payments.db.devkey</c>), so a re-run can read what the first
/// one encrypted. A key in a file beside the data protects nothing against someone who can read the folder: it
/// only shows the store encrypting. Production keys come from a KMS (see docs/security.md).
/// </summary>
public static class DevelopmentKeys
{
    public static async Task<KeyRing> ForStoreAsync(string databasePath, TextWriter stderr)
    {
        var configured = new ConfiguredKeyProvider(Microsoft.Extensions.Options.Options.Create(new DataProtectionOptions())).GetKeys();
        if (configured.Keys.Count > 0)
        {
            return KeyRing.Create(configured);
        }

        var path = databasePath + ".devkey";
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(DataKey.KeySizeInBytes)));
            await stderr.WriteLineAsync($"Generated a DEVELOPMENT data key at {path}: fine for this sample, never for production (set PAYMENTCORE_DATA_KEYS or use a KMS).");
        }

        var material = Convert.FromBase64String((await File.ReadAllTextAsync(path)).Trim());
        return KeyRing.Create(new KeySet([new DataKey("dev", material)], "dev", "dev"));
    }

    /// <summary>
    /// The sample's transaction-id secret: PAYMENTCORE_TRANSACTION_ID_SECRET when set, otherwise a DEVELOPMENT secret
    /// generated on the first run and kept next to the database (<c>payments.db.idsecret</c>), so a re-run derives the
    /// same ids. Like the development key, a secret beside the data only shows the mechanism; production secrets come
    /// from a secret store and are the same on every instance (see docs/security.md).
    /// </summary>
    public static async Task<TransactionIdOptions> TransactionIdsForStoreAsync(string databasePath, TextWriter stderr)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TransactionIdOptions.SecretEnvironmentVariable)))
        {
            return new TransactionIdOptions(); // the processor reads the variable
        }

        var path = databasePath + ".idsecret";
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(TransactionIdOptions.MinimumSecretBytes)));
            await stderr.WriteLineAsync($"Generated a DEVELOPMENT transaction-id secret at {path}: fine for this sample, never for production (set {TransactionIdOptions.SecretEnvironmentVariable}).");
        }

        return new TransactionIdOptions { Secret = (await File.ReadAllTextAsync(path)).Trim() };
    }
}
