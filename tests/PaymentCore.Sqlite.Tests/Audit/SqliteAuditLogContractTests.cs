using PaymentCore.Audit;
using PaymentCore.Sqlite.Audit;
using PaymentCore.Testing.Audit;

namespace PaymentCore.Sqlite.Tests.Audit;

/// <summary>The SQLite audit log keeps the audit log contract, on a new file per fact.</summary>
public sealed class SqliteAuditLogContractTests : AuditLogContract, IDisposable
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc />
    protected override ValueTask<IAuditLog> CreateLogAsync() =>
        new(new SqliteAuditLog(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), Synchronous = SqliteSynchronousMode.Normal, AllowPlaintext = true }));

    public void Dispose() => _database.Dispose();
}
