namespace PaymentCore.DataProtection;

/// <summary>Configures the default <see cref="ConfiguredKeyProvider"/>.</summary>
/// <remarks>Mutable until the container is built; read once when the key ring is built.</remarks>
public sealed class DataProtectionOptions
{
    /// <summary>The environment variable read when <see cref="Keys"/> is empty.</summary>
    public const string DefaultEnvironmentVariable = "PAYMENTCORE_DATA_KEYS";

    /// <summary>
    /// Gets the keys, oldest first, each written <c>id:base64</c> (32 bytes of key material in standard Base64).
    /// Rotate by appending a new key: the last is active unless <see cref="ActiveKeyId"/> says otherwise, and older
    /// keys keep decrypting until the re-encrypt job has moved every value off them.
    /// </summary>
    /// <value>Empty by default: then <see cref="EnvironmentVariable"/> is read.</value>
    public IList<string> Keys { get; } = [];

    /// <summary>Gets or sets the id of the key that encrypts new values.</summary>
    /// <value><see langword="null"/> by default: the last key listed.</value>
    public string? ActiveKeyId { get; set; }

    /// <summary>
    /// Gets or sets the id of the key the blind index is derived from. It must not change when you rotate,
    /// or stored indexes no longer match.
    /// </summary>
    /// <value><see langword="null"/> by default: the first (oldest) key listed, which appending new keys never changes.</value>
    public string? BlindIndexKeyId { get; set; }

    /// <summary>Gets or sets the environment variable holding the keys when <see cref="Keys"/> is empty, in the same format, separated by commas.</summary>
    /// <value><see cref="DefaultEnvironmentVariable"/>, <c>PAYMENTCORE_DATA_KEYS</c>.</value>
    public string EnvironmentVariable { get; set; } = DefaultEnvironmentVariable;
}
