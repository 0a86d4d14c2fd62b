using System.Globalization;
using Microsoft.Data.Sqlite;
using PaymentCore.Relational;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite;

/// <summary>The SQLite side of the shared migration runner: one connection, inside the migrating <c>BEGIN IMMEDIATE</c> transaction.</summary>
/// <remarks>Used by one thread, during one migration. The codec reads documents encrypted before the migration.</remarks>
internal sealed class SqliteSchemaSession(SqliteConnection connection, SqliteTransaction transaction, DocumentCodec codec) : ISchemaSession
{
    /// <inheritdoc />
    public int ReadVersion()
    {
        Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)");
        using var read = Command("SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return checked((int)(long)read.ExecuteScalar()!);
    }

    /// <inheritdoc />
    public void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void RecordVersion(int version) =>
        Execute("INSERT INTO schema_version (version) VALUES (" + version.ToString(CultureInfo.InvariantCulture) + ")");

    /// <inheritdoc />
    public IReadOnlyList<TransactionRecord> ReadRecords(TransactionId? after, int max)
    {
        using var command = Command(after is null
            ? "SELECT document, id FROM transactions ORDER BY id LIMIT $max"
            : "SELECT document, id FROM transactions WHERE id > $after ORDER BY id LIMIT $max");
        command.Parameters.AddWithValue("$max", max);
        if (after is { } id)
        {
            command.Parameters.AddWithValue("$after", SqliteTransactionStore.Key(id));
        }

        var records = new List<TransactionRecord>(max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(codec.Read(reader.GetFieldValue<byte[]>(0), SqliteTransactionStore.IdOf(reader.GetFieldValue<byte[]>(1))));
        }

        return records;
    }

    /// <inheritdoc />
    public void WriteComputedColumns(TransactionId id, bool countsForActivity, long? dueAt)
    {
        using var command = Command("UPDATE transactions SET counts_for_activity = $counts, due_at = $due WHERE id = $id");
        command.Parameters.AddWithValue("$counts", countsForActivity ? 1 : 0);
        command.Parameters.AddWithValue("$due", dueAt is { } due ? due : DBNull.Value);
        command.Parameters.AddWithValue("$id", SqliteTransactionStore.Key(id));
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
