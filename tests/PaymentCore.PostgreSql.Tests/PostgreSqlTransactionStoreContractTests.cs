using PaymentCore.Storage;
using PaymentCore.Testing.Storage;

namespace PaymentCore.PostgreSql.Tests;

/// <summary>The PostgreSQL store keeps the store contract, on a new database per fact.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTransactionStoreContractTests(PostgresCluster cluster) : TransactionStoreContract
{
    /// <inheritdoc />
    protected override async ValueTask<ITransactionStore> CreateStoreAsync() =>
        new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = await cluster.CreateDatabaseAsync() });
}

/// <summary>The encrypted PostgreSQL store keeps the whole store contract (documents encrypted, payer blind-indexed).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlEncryptedTransactionStoreContractTests(PostgresCluster cluster) : TransactionStoreContract
{
    /// <inheritdoc />
    protected override async ValueTask<ITransactionStore> CreateStoreAsync() =>
        new PostgreSqlTransactionStore(PostgresCluster.Encrypted(await cluster.CreateDatabaseAsync()));
}
