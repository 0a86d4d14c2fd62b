using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PaymentCore.Sqlite;

/// <summary>
/// One statement of the writer, compiled once on its connection and bound through SQLite's own API: values go
/// straight from the caller's strings and spans into SQLite, where a <see cref="SqliteCommand"/> makes a binder
/// object per parameter and a UTF-8 copy of every text on each execution, on every write of every payment.
/// </summary>
/// <remarks>
/// Not thread-safe: used by whichever thread is the writer at the time, inside the transaction it opened. Parameters
/// are bound by the index <see cref="IndexOf"/> gives; index 0 (a name the statement does not use) binds nothing.
/// Every execution resets the statement and clears its bindings, so no value outlives its write.
/// </remarks>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Initializes a new instance of the <see cref="SqliteStatement"/> class: compiles <paramref name="sql"/>.</summary>
    /// <param name="connection">The writer's open connection.</param>
    /// <param name="sql">One statement.</param>
    /// <exception cref="SqliteException">SQLite refused the statement.</exception>
    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Gets the index of a named parameter, or 0 when the statement has no such parameter.</summary>
    /// <param name="name">The name, with its prefix (<c>$id</c>).</param>
    /// <returns>The index.</returns>
    public int IndexOf(string name) => raw.sqlite3_bind_parameter_index(_statement, name);

    /// <summary>Binds an integer.</summary>
    /// <param name="index">The parameter.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, long value)
    {
        if (index > 0)
        {
            Check(raw.sqlite3_bind_int64(_statement, index, value));
        }
    }

    /// <summary>Binds a text, or NULL.</summary>
    /// <param name="index">The parameter.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, string? value)
    {
        if (index <= 0)
        {
            return;
        }

        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
    }

    /// <summary>Binds a blob (SQLite copies it), or an empty one.</summary>
    /// <param name="index">The parameter.</param>
    /// <param name="value">The bytes.</param>
    public void Bind(int index, ReadOnlySpan<byte> value)
    {
        if (index > 0)
        {
            Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));
        }
    }

    /// <summary>Binds NULL.</summary>
    /// <param name="index">The parameter.</param>
    public void BindNull(int index)
    {
        if (index > 0)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
        }
    }

    /// <summary>Runs the statement (an insert or update) to its end.</summary>
    /// <returns>The rows it changed.</returns>
    /// <exception cref="SqliteException">SQLite refused it (a constraint, an I/O error); the caller's savepoint undoes it.</exception>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                throw Error(rc);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) => new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
}
