using System.Data.Common;
using System.Globalization;
using System.Text;
using PaymentCore.Audit;

namespace PaymentCore.Relational;

/// <summary>
/// The audit tables as both relational stores keep them: the columns, the chaining of new entries onto the head
/// read inside the write transaction, the query's filter, and reading rows back exactly as stored. Each store only
/// binds parameters with its own driver (SQLite's <c>$name</c>, PostgreSQL's <c>$n</c>).
/// </summary>
/// <remarks>
/// Shared source (src/Shared/Relational), compiled into each store package as an internal type. Stateless and
/// thread-safe.
/// </remarks>
internal static class AuditRows
{
    /// <summary>The entry columns, in the order <see cref="ReadEntry"/> reads them and the stores bind them.</summary>
    public const string EntryColumns = "seq, occurred_at, actor, event_type, outcome, resource, origin, detail, prev_hash, hash";

    /// <summary>The checkpoint columns, in the order <see cref="ReadCheckpoint"/> reads them.</summary>
    public const string CheckpointColumns = "number, seq, entry_hash, created_at, key_id, signature";

    /// <summary>The statement that reads the head's sequence and hash (run inside the write transaction, after the append lock).</summary>
    /// <param name="table">The entries table, schema-qualified where the store has a schema.</param>
    /// <returns>The SQL.</returns>
    public static string HeadSql(string table) => "SELECT seq, hash FROM " + table + " ORDER BY seq DESC LIMIT 1";

    /// <summary>
    /// Chains <paramref name="auditEvents"/> onto the head: sequence and previous hash from the entry before, hash over
    /// both and the canonical bytes. The caller holds the append lock from reading the head until its commit.
    /// </summary>
    /// <param name="headSequence">The head's sequence, 0 when the chain is empty.</param>
    /// <param name="headHash">The head's hash, <see cref="AuditHash.Zero"/> when empty.</param>
    /// <param name="auditEvents">The events, in order.</param>
    /// <returns>The entries to insert.</returns>
    /// <exception cref="ArgumentNullException">An event is <see langword="null"/>.</exception>
    public static AuditEntry[] Chain(long headSequence, AuditHash headHash, IReadOnlyList<AuditEvent> auditEvents)
    {
        var written = new AuditEntry[auditEvents.Count];
        for (var i = 0; i < written.Length; i++)
        {
            var auditEvent = auditEvents[i] ?? throw new ArgumentNullException(nameof(auditEvents));
            written[i] = AuditEntry.Next(headSequence, headHash, auditEvent);
            headSequence = written[i].Sequence;
            headHash = written[i].Hash;
        }

        return written;
    }

    /// <summary>Reads the head row returned by <see cref="HeadSql(string)"/>.</summary>
    /// <param name="reader">The reader, on the row.</param>
    /// <returns>The head's sequence and hash.</returns>
    public static (long Sequence, AuditHash Hash) ReadHead(DbDataReader reader) =>
        (reader.GetInt64(0), AuditHash.FromStored(reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1)));

    /// <summary>Reads an entry row as stored (no repair: verification judges what is there).</summary>
    /// <param name="reader">The reader, on a row of <see cref="EntryColumns"/>.</param>
    /// <returns>The entry.</returns>
    public static AuditEntry ReadEntry(DbDataReader reader) =>
        AuditEntry.FromStored(
            reader.GetInt64(0),
            reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
            reader.IsDBNull(3) ? string.Empty : reader.GetString(3),
            new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
            Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
            reader.IsDBNull(5) ? string.Empty : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? [] : reader.GetFieldValue<byte[]>(8),
            reader.IsDBNull(9) ? [] : reader.GetFieldValue<byte[]>(9));

    /// <summary>Reads a checkpoint row.</summary>
    /// <param name="reader">The reader, on a row of <see cref="CheckpointColumns"/>.</param>
    /// <returns>The checkpoint.</returns>
    public static AuditCheckpoint ReadCheckpoint(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetInt64(1),
            AuditHash.FromStored(reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2)),
            new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
            reader.GetString(4),
            reader.GetFieldValue<byte[]>(5));

    /// <summary>Reads every row of an entries command.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The entries, in the reader's order.</returns>
    public static List<AuditEntry> ReadEntries(DbDataReader reader)
    {
        var rows = new List<AuditEntry>();
        while (reader.Read())
        {
            rows.Add(ReadEntry(reader));
        }

        return rows;
    }

    /// <summary>Builds the query's SQL: its filters, in one order for both stores, and one row more than the page (which says whether another page exists).</summary>
    /// <param name="query">The query; valid.</param>
    /// <param name="table">The entries table, schema-qualified where the store has a schema.</param>
    /// <param name="bind">Adds a parameter with the value and returns its placeholder (<c>$after</c>, <c>$3</c>).</param>
    /// <returns>The SQL.</returns>
    public static string QuerySql(AuditQuery query, string table, Func<string, object, string> bind)
    {
        var sql = new StringBuilder("SELECT " + EntryColumns + " FROM " + table + " WHERE seq > ").Append(bind("after", query.AfterSequence));
        if (query.Resource is not null)
        {
            sql.Append(" AND resource = ").Append(bind("resource", query.Resource));
        }

        if (query.Actor is not null)
        {
            sql.Append(" AND actor = ").Append(bind("actor", query.Actor));
        }

        if (query.EventType is not null)
        {
            sql.Append(" AND event_type = ").Append(bind("type", query.EventType));
        }

        if (query.From is { } from)
        {
            sql.Append(" AND occurred_at >= ").Append(bind("from", from.UtcTicks));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND occurred_at < ").Append(bind("to", to.UtcTicks));
        }

        return sql.Append(" ORDER BY seq LIMIT ").Append(bind("limit", query.Limit + 1)).ToString();
    }

    /// <summary>Turns the rows of <see cref="QuerySql"/> into a page.</summary>
    /// <param name="rows">The rows read.</param>
    /// <param name="limit">The query's page size.</param>
    /// <returns>The page, with the cursor of the next one when more rows exist.</returns>
    public static AuditPage Page(List<AuditEntry> rows, int limit) =>
        rows.Count > limit
            ? new AuditPage(rows.Take(limit).ToArray(), rows[limit - 1].Sequence)
            : new AuditPage(rows, null);
}
