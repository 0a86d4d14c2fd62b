using PaymentCore.Transactions;

namespace PaymentCore.Relational;

/// <summary>
/// What <see cref="SchemaMigrator"/> needs from a store's database, inside the one transaction (and, for
/// PostgreSQL, under the advisory lock) that the store opened for migrating.
/// </summary>
/// <remarks>Shared source (src/Shared/Relational). Used by one thread, during one migration.</remarks>
internal interface ISchemaSession
{
    /// <summary>Gets the highest applied version, 0 for a new database.</summary>
    /// <returns>The version.</returns>
    int ReadVersion();

    /// <summary>Runs SQL (one or more statements, no parameters).</summary>
    /// <param name="sql">The SQL.</param>
    void Execute(string sql);

    /// <summary>Records that a version is applied.</summary>
    /// <param name="version">The version.</param>
    void RecordVersion(int version);

    /// <summary>Reads up to <paramref name="max"/> stored records ordered by id, after <paramref name="after"/> (keyset paging).</summary>
    /// <param name="after">The last id of the previous chunk, or null for the first.</param>
    /// <param name="max">The chunk size.</param>
    /// <returns>The records.</returns>
    IReadOnlyList<TransactionRecord> ReadRecords(TransactionId? after, int max);

    /// <summary>Writes the computed columns of one row.</summary>
    /// <param name="id">The record.</param>
    /// <param name="countsForActivity">The <c>counts_for_activity</c> value.</param>
    /// <param name="dueAt">The <c>due_at</c> value in UTC ticks.</param>
    void WriteComputedColumns(TransactionId id, bool countsForActivity, long? dueAt);
}
