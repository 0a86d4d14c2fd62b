using PaymentCore.Configuration;

namespace PaymentCore.Sqlite;

/// <summary>
/// The rules of <see cref="SqliteTransactionStoreOptions"/>, checked at container start (<c>UseSqlite</c>) and by the
/// store's constructor. Messages never echo the connection string: it may hold a password.
/// </summary>
internal sealed class SqliteTransactionStoreOptionsValidator : OptionsValidator<SqliteTransactionStoreOptions>
{
    public static SqliteTransactionStoreOptionsValidator Instance { get; } = new();

    protected override void Check(SqliteTransactionStoreOptions options, OptionFailures failures)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(nameof(SqliteTransactionStoreOptions.ConnectionString), "is required, such as \"Data Source=payments.db\".");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            failures.Add(nameof(SqliteTransactionStoreOptions.Synchronous), $"must be Full, Normal or Extra, not {options.Synchronous}.");
        }

        if (options.BusyTimeout < TimeSpan.FromMilliseconds(1) || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add(nameof(SqliteTransactionStoreOptions.BusyTimeout), $"must be 1 ms to 10 minutes, not {options.BusyTimeout}.");
        }

        if (options.Encryption is not { IsConfigured: true } && !options.AllowPlaintext)
        {
            failures.Add(nameof(SqliteTransactionStoreOptions.Encryption), "must hold a data-protection key: the SQLite store refuses to start without one. Set it (or call AddPaymentCoreDataProtection with a key), or set AllowPlaintext for a development database.");
        }
    }
}
