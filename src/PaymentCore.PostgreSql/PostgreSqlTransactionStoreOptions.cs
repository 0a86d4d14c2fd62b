using PaymentCore.DataProtection;

namespace PaymentCore.PostgreSql;

/// <summary>Configures <see cref="PostgreSqlTransactionStore"/>.</summary>
/// <remarks>A mutable options object: configure it once, before the store is made. Not thread-safe.</remarks>
public sealed class PostgreSqlTransactionStoreOptions
{
    /// <summary>Gets or sets the Npgsql connection string, such as <c>Host=db;Database=payments;Username=app;Password=…</c>.</summary>
    /// <value>Required; no default.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets whether the store applies its schema migrations when it opens.</summary>
    /// <value>Defaults to <see langword="true"/>. Turn it off where the application's role may not create tables; the schema version is still checked.</value>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>
    /// Gets or sets the key ring that encrypts the stored documents (every caller field: payer, payee,
    /// description, metadata) and the card vault with AES-256-GCM, and blind-indexes the payer column. Encryption
    /// is on whenever the ring has a key. <c>UsePostgreSql</c> takes the ring registered by
    /// <c>AddPaymentCoreDataProtection</c> when this is not set.
    /// </summary>
    /// <value><see langword="null"/> by default: then the store refuses to open unless <see cref="AllowPlaintext"/> is set.</value>
    public KeyRing? Encryption { get; set; }

    /// <summary>
    /// Gets or sets whether the store may open without a key and keep documents in plaintext: for tests and
    /// throwaway development databases only. PCI DSS 3.5.1 requires stored PANs, and this SDK stores every payer
    /// token and account, to be unreadable: do not set it in production.
    /// </summary>
    /// <value><see langword="false"/> by default.</value>
    public bool AllowPlaintext { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{nameof(ConnectionString)} is required, such as \"Host=db;Database=payments;Username=app\".", nameof(ConnectionString));
        }

        ValidateEncryption();
    }

    /// <summary>Checks that a key is set, or plaintext explicitly allowed (all a store given a data source needs).</summary>
    /// <exception cref="ArgumentException">Neither is set; the message names both options.</exception>
    internal void ValidateEncryption()
    {
        if (Encryption is not { IsConfigured: true } && !AllowPlaintext)
        {
            throw new ArgumentException($"The PostgreSQL store refuses to start without a data-protection key: set {nameof(Encryption)} (or call AddPaymentCoreDataProtection with a key), or set {nameof(AllowPlaintext)} for a development database.", nameof(Encryption));
        }
    }
}
