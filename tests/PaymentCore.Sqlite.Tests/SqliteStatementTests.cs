using Microsoft.Data.Sqlite;

namespace PaymentCore.Sqlite.Tests;

/// <summary>
/// The writer binds its values through SQLite's own API (<see cref="SqliteStatement"/>). These pin what
/// Microsoft.Data.Sqlite did for it before: an empty text stays an empty text, not NULL; null is NULL; blobs and
/// integers keep their bytes and values; bindings do not outlive a run; and a refused statement throws a
/// SqliteException with SQLite's code and leaves the statement usable.
/// </summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public void Bind_EmptyTextNullBlobAndInteger_AreStoredAsTheyWere()
    {
        using var connection = Open();
        using var statement = new SqliteStatement(connection, "INSERT INTO t (a, b, c, d) VALUES ($a, $b, $c, $d)");

        statement.Bind(statement.IndexOf("$a"), string.Empty);
        statement.Bind(statement.IndexOf("$b"), (string?)null);
        statement.Bind(statement.IndexOf("$c"), (ReadOnlySpan<byte>)[1, 2, 0, 255]);
        statement.Bind(statement.IndexOf("$d"), long.MinValue);
        Assert.Equal(1, statement.Execute());

        // Bindings are cleared after each run: a second row with only "a" bound gets NULL elsewhere.
        statement.Bind(statement.IndexOf("$a"), "é");
        Assert.Equal(1, statement.Execute());

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT typeof(a), a, typeof(b), c, d, typeof(c) FROM t ORDER BY rowid";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("text", reader.GetString(0));
        Assert.Equal(string.Empty, reader.GetString(1));
        Assert.Equal("null", reader.GetString(2));
        Assert.Equal(new byte[] { 1, 2, 0, 255 }, reader.GetFieldValue<byte[]>(3));
        Assert.Equal(long.MinValue, reader.GetInt64(4));
        Assert.True(reader.Read());
        Assert.Equal("é", reader.GetString(1));
        Assert.Equal("null", reader.GetString(5));
        Assert.True(reader.IsDBNull(4));
    }

    [Fact]
    public void Execute_AConstraintRefusesTheRow_ThrowsSqliteErrorAndTheStatementRunsAgain()
    {
        using var connection = Open();
        using var statement = new SqliteStatement(connection, "INSERT INTO t (a) VALUES ($a)");
        statement.Bind(statement.IndexOf("$a"), "same");
        Assert.Equal(1, statement.Execute());

        statement.Bind(statement.IndexOf("$a"), "same");
        var refused = Assert.Throws<SqliteException>(() => statement.Execute());

        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
        statement.Bind(statement.IndexOf("$a"), "other");
        Assert.Equal(1, statement.Execute());
        Assert.Equal(0, statement.IndexOf("$missing"));
    }

    public void Dispose() => _database.Dispose();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_database.ConnectionString());
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (a TEXT UNIQUE, b TEXT, c BLOB, d INTEGER)";
        create.ExecuteNonQuery();
        return connection;
    }
}
