using PaymentCore.DataProtection;

namespace PaymentCore.Sqlite;

/// <summary>Configures <see cref="SqliteTransactionStore"/>.</summary>
/// <remarks>A mutable options object: configure it once, before the store is made. Not thread-safe.</remarks>
public sealed class SqliteTransactionStoreOptions
{
    /// <summary>Gets or sets the Microsoft.Data.Sqlite connection string, such as <c>Data Source=payments.db</c>.</summary>
    /// <value>Required; no default. <c>Mode=Memory</c> databases are refused: they are not durable.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how hard a commit is pushed to the disk.</summary>
    /// <value>Defaults to <see cref="SqliteSynchronousMode.Full"/>: an acknowledged payment survives power loss. <see cref="SqliteSynchronousMode.Normal"/> can lose the last commits on OS crash or power loss.</value>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Gets or sets how long a write waits for another connection or process that holds the write lock before it fails.</summary>
    /// <value>Defaults to 30 seconds; 1 millisecond to 10 minutes.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the key ring that encrypts the stored documents (every caller field: payer, payee,
    /// description, metadata) with AES-256-GCM and blind-indexes the payer column. Encryption is on whenever the
    /// ring has a key. <c>UseSqlite</c> takes the ring registered by <c>AddPaymentCoreDataProtection</c> when this is not set.
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

    /// <summary>The per-connection settings every connection to the file gets (the store's, the audit log's and the vault's).</summary>
    /// <returns>The PRAGMA statements: busy timeout and durability.</returns>
    internal string SessionPragmas()
    {
        var synchronous = Synchronous switch
        {
            SqliteSynchronousMode.Normal => "NORMAL",
            SqliteSynchronousMode.Extra => "EXTRA",
            _ => "FULL",
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {synchronous};");
    }

    /// <summary>The connection string with the command timeout raised to the busy timeout, so a command waits for the write lock as long as the pragma says.</summary>
    /// <returns>The connection string.</returns>
    internal string WaitingConnectionString() =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString) { DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds)) }.ToString();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{nameof(ConnectionString)} is required, such as \"Data Source=payments.db\".", nameof(ConnectionString));
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentException($"{nameof(Synchronous)} must be Full, Normal or Extra, not {Synchronous}.", nameof(Synchronous));
        }

        if (BusyTimeout < TimeSpan.FromMilliseconds(1) || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(BusyTimeout)} must be 1 ms to 10 minutes, not {BusyTimeout}.", nameof(BusyTimeout));
        }

        if (Encryption is not { IsConfigured: true } && !AllowPlaintext)
        {
            throw new ArgumentException($"The SQLite store refuses to start without a data-protection key: set {nameof(Encryption)} (or call AddPaymentCoreDataProtection with a key), or set {nameof(AllowPlaintext)} for a development database.", nameof(Encryption));
        }
    }
}
