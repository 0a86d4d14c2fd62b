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
    }
}
