using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Relational;

/// <summary>
/// The migration runner of both relational stores: reads the applied version, refuses a schema newer than the code
/// (or, with migrations off, older), and applies the missing migrations in order, each recorded in
/// <c>schema_version</c>. The store opens the transaction and commits it, so a migration is applied whole or not at all.
/// </summary>
/// <remarks>Shared source (src/Shared/Relational). Stateless; safe to use from any thread.</remarks>
internal static class SchemaMigrator
{
    /// <summary>How many records a backfill reads and rewrites at a time.</summary>
    internal const int BackfillChunk = 500;

    /// <summary>Brings a database to the latest version.</summary>
    /// <param name="session">The database, inside the migrating transaction.</param>
    /// <param name="migrations">Every migration; entry i is version i + 1.</param>
    /// <param name="apply">Whether to apply missing migrations; when false the version is only checked.</param>
    /// <param name="database">How messages name the database, such as <c>The SQLite database 'payments.db'</c>.</param>
    /// <param name="package">The package that knows the schema, such as <c>PaymentCore.Sqlite</c>.</param>
    /// <returns>The version found before migrating.</returns>
    /// <exception cref="TransactionStoreException">The schema is newer than the code, or older with <paramref name="apply"/> off.</exception>
    public static int Migrate(ISchemaSession session, IReadOnlyList<SchemaMigration> migrations, bool apply, string database, string package)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(migrations);
        var latest = migrations.Count;
        var current = session.ReadVersion();
        if (current > latest)
        {
            throw new TransactionStoreException(
                $"{database} has PaymentCore schema version {current}, newer than version {latest} that this {package} knows. It was written by a newer release: upgrade {package} rather than run old code on it.");
        }

        if (current < latest && !apply)
        {
            throw new TransactionStoreException($"{database} has PaymentCore schema version {current}; this code needs {latest} and migrations are turned off (ApplyMigrations = false).");
        }

        for (var version = current + 1; version <= latest; version++)
        {
            var migration = migrations[version - 1];
            session.Execute(migration.Before);
            if (migration.BackfillComputedColumns)
            {
                Backfill(session);
            }

            if (migration.After is { } after)
            {
                session.Execute(after);
            }

            session.RecordVersion(version);
        }

        return current;
    }

    // Computed in core's terms from each document (never from state numbers in SQL), a chunk at a time so a large
    // table is not held in memory.
    private static void Backfill(ISchemaSession session)
    {
        TransactionId? after = null;
        while (true)
        {
            var chunk = session.ReadRecords(after, BackfillChunk);
            foreach (var record in chunk)
            {
                session.WriteComputedColumns(record.Id, record.CountsForActivity, TransactionRow.LegacyDueAt(record));
            }

            if (chunk.Count < BackfillChunk)
            {
                return;
            }

            after = chunk[^1].Id;
        }
    }
}
