using System.Security.Cryptography;
using PaymentCore.DataProtection;

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
}
