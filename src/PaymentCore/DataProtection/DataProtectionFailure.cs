namespace PaymentCore.DataProtection;

/// <summary>Why a ciphertext could not be decrypted. Each is reported as a <see cref="DataProtectionException"/>, never as garbage plaintext.</summary>
public enum DataProtectionFailure
{
    /// <summary>The ciphertext names a key id the key ring does not hold (a retired key was removed too early, or the wrong key set is loaded).</summary>
    UnknownKeyId = 0,

    /// <summary>The key ring holds a key under the ciphertext's key id, but not the key that encrypted it (the key's check value differs).</summary>
    WrongKey = 1,

    /// <summary>
    /// The authentication tag does not verify: a byte of the ciphertext was changed, or the ciphertext was moved
    /// from another row or field (its associated data differs).
    /// </summary>
    Tampered = 2,

    /// <summary>The value is not a ciphertext of a known format version, or is truncated.</summary>
    Malformed = 3,

    /// <summary>No key is configured, so nothing can be encrypted or decrypted.</summary>
    NotConfigured = 4,
}
