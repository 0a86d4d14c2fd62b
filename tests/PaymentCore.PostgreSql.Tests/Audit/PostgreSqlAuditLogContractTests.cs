using PaymentCore.Audit;
using PaymentCore.PostgreSql.Audit;
using PaymentCore.Testing.Audit;

namespace PaymentCore.PostgreSql.Tests.Audit;

/// <summary>The PostgreSQL audit log keeps the audit log contract, on a new database per fact.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditLogContractTests(PostgresCluster cluster) : AuditLogContract
{
    /// <inheritdoc />
    protected override async ValueTask<IAuditLog> CreateLogAsync() =>
        new PostgreSqlAuditLog(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = await cluster.CreateDatabaseAsync(maxPoolSize: 80) });
}
