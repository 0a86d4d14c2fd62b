using PaymentCore.Storage;
using PaymentCore.Testing.Storage;

namespace PaymentCore.Sqlite.Tests;

/// <summary>The SQLite store keeps the store contract, on a temporary file per fact.</summary>
public sealed class SqliteTransactionStoreContractTests : TransactionStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc />
    protected override ValueTask<ITransactionStore> CreateStoreAsync() =>
        new(new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), AllowPlaintext = true }));

    public void Dispose() => _database.Dispose();
}
