using PaymentCore.Configuration;

namespace PaymentCore.PostgreSql;

/// <summary>
/// The rules of <see cref="PostgreSqlTransactionStoreOptions"/>, checked at container start (<c>UsePostgreSql</c>) and
/// by the store's constructor. Messages never echo the connection string: it may hold a password.
/// </summary>
internal sealed class PostgreSqlTransactionStoreOptionsValidator : OptionsValidator<PostgreSqlTransactionStoreOptions>
{
    public static PostgreSqlTransactionStoreOptionsValidator Instance { get; } = new();

    protected override void Check(PostgreSqlTransactionStoreOptions options, OptionFailures failures)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(nameof(PostgreSqlTransactionStoreOptions.ConnectionString), "is required, such as \"Host=db;Database=payments;Username=app\".");
        }

        CheckEncryption(options, failures);
    }

    /// <summary>The encryption rule alone, for a store given a data source of its own (no connection string to check).</summary>
    internal static void CheckEncryption(PostgreSqlTransactionStoreOptions options, OptionFailures failures)
    {
        if (options.Encryption is not { IsConfigured: true } && !options.AllowPlaintext)
        {
            failures.Add(nameof(PostgreSqlTransactionStoreOptions.Encryption), "must hold a data-protection key: the PostgreSQL store refuses to start without one. Set it (or call AddPaymentCoreDataProtection with a key), or set AllowPlaintext for a development database.");
        }
    }
}
