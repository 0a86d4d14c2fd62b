using Npgsql;
using PaymentCore.Audit;
using PaymentCore.PostgreSql.Audit;
using PaymentCore.Testing.Audit;

namespace PaymentCore.PostgreSql.Tests.Audit;

/// <summary>Rows of the PostgreSQL audit tables changed directly in SQL (as the superuser) are caught, each with its index and reason.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditTamperTests(PostgresCluster cluster) : AuditTamperContract
{
    private string _connectionString = string.Empty;

    protected override string EntriesTable => "paymentcore.audit_entries";

    protected override string CheckpointsTable => "paymentcore.audit_checkpoints";

    protected override async ValueTask<IAuditLog> CreateLogAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        return new PostgreSqlAuditLog(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = _connectionString });
    }

    protected override async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    protected override async Task DisableAppendOnlyGuardsAsync()
    {
        await ExecuteAsync("ALTER TABLE paymentcore.audit_entries DISABLE TRIGGER USER");
        await ExecuteAsync("ALTER TABLE paymentcore.audit_checkpoints DISABLE TRIGGER USER");
    }
}
