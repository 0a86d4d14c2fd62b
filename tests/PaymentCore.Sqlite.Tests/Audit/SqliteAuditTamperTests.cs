using Microsoft.Data.Sqlite;
using PaymentCore.Audit;
using PaymentCore.Sqlite.Audit;
using PaymentCore.Testing.Audit;

namespace PaymentCore.Sqlite.Tests.Audit;

/// <summary>Rows of the SQLite audit tables changed directly in SQL are caught, each with its index and reason.</summary>
public sealed class SqliteAuditTamperTests : AuditTamperContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override string EntriesTable => "audit_entries";

    protected override string CheckpointsTable => "audit_checkpoints";

    public void Dispose() => _database.Dispose();

    protected override ValueTask<IAuditLog> CreateLogAsync() =>
        new(new SqliteAuditLog(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), Synchronous = SqliteSynchronousMode.Normal, AllowPlaintext = true }));

    protected override Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection(_database.ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("@" + name, value ?? DBNull.Value);
        }

        return Task.FromResult(command.ExecuteNonQuery());
    }

    protected override async Task DisableAppendOnlyGuardsAsync()
    {
        foreach (var trigger in (string[])["audit_entries_append_only_update", "audit_entries_append_only_delete", "audit_checkpoints_append_only_update", "audit_checkpoints_append_only_delete"])
        {
            await ExecuteAsync("DROP TRIGGER " + trigger);
        }
    }
}
