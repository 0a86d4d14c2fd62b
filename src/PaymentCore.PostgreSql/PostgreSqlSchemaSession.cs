using System.Globalization;
using Npgsql;
using PaymentCore.Relational;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql;

/// <summary>The PostgreSQL side of the shared migration runner: one connection, inside the migrating transaction, under the advisory lock.</summary>
/// <remarks>Used by one thread, during one migration. The codec reads documents encrypted before the migration.</remarks>
internal sealed class PostgreSqlSchemaSession(NpgsqlConnection connection, NpgsqlTransaction transaction, DocumentCodec codec) : ISchemaSession
{
    /// <inheritdoc />
    public int ReadVersion()
    {
        using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM paymentcore.schema_version", connection, transaction);
        try
        {
            return (int)read.ExecuteScalar()!;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new TransactionStoreException($"The PostgreSQL database '{connection.Database}' has no PaymentCore schema and migrations are turned off (ApplyMigrations = false). Run the store once with migrations on, as a role that may create tables.", ex);
        }
    }

    /// <inheritdoc />
    public void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void RecordVersion(int version) =>
        Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO paymentcore.schema_version (version) VALUES ({version})"));

    /// <inheritdoc />
    public IReadOnlyList<TransactionRecord> ReadRecords(TransactionId? after, int max)
    {
        using var command = new NpgsqlCommand(
            after is null
                ? "SELECT document, id FROM paymentcore.transactions ORDER BY id LIMIT $1"
                : "SELECT document, id FROM paymentcore.transactions WHERE id > $2 ORDER BY id LIMIT $1",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        if (after is { } id)
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id.Value });
        }

        var records = new List<TransactionRecord>(max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(codec.Read(reader.GetFieldValue<byte[]>(0), reader.GetGuid(1)));
        }

        return records;
    }

    /// <inheritdoc />
    public void WriteComputedColumns(TransactionId id, bool countsForActivity, long? dueAt)
    {
        using var command = new NpgsqlCommand("UPDATE paymentcore.transactions SET counts_for_activity = $1, due_at = $2 WHERE id = $3", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = countsForActivity });
        command.Parameters.Add(PostgreSqlRow.OptionalTicks(dueAt));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id.Value });
        command.ExecuteNonQuery();
    }
}
