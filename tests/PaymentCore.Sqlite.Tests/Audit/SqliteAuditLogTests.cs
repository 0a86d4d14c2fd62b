using Microsoft.Data.Sqlite;
using PaymentCore.Audit;
using PaymentCore.Sqlite.Audit;

namespace PaymentCore.Sqlite.Tests.Audit;

/// <summary>The SQLite audit log's own behaviour: the in-transaction hook and the schema step.</summary>
public sealed class SqliteAuditLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Append_InCallersTransaction_CommitsAndRollsBackWithIt()
    {
        var log = new SqliteAuditLog(Options());
        await log.AppendAsync(Event("before"));

        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using (var rolledBack = connection.BeginTransaction(deferred: false))
            {
                var written = SqliteAuditLog.Append(rolledBack, [Event("lost-1"), Event("lost-2")]);
                Assert.Equal([2L, 3L], written.Select(e => e.Sequence));
                rolledBack.Rollback();
            }

            Assert.Equal(1, (await log.GetHeadAsync())!.Sequence);

            using var committed = connection.BeginTransaction(deferred: false);
            using (var change = connection.CreateCommand())
            {
                // Stands for the record change the entry records: both commit, or neither.
                change.Transaction = committed;
                change.CommandText = "CREATE TABLE change_marker (id INTEGER); INSERT INTO change_marker VALUES (1);";
                change.ExecuteNonQuery();
            }

            var kept = SqliteAuditLog.Append(committed, [Event("kept")]);
            committed.Commit();
            Assert.Equal(2, kept[0].Sequence);
        }

        var all = await log.ReadAsync(0, 10);
        Assert.Equal(["transaction/before", "transaction/kept"], all.Select(e => e.Event.Resource));
        var trail = new AuditTrail(log, new HmacAuditCheckpointSigner("k", new byte[32]));
        Assert.True((await trail.VerifyAsync()).IsIntact);
    }

    [Fact]
    public void Open_NewFile_SchemaHasAuditTablesAtVersion2()
    {
        _ = new SqliteAuditLog(Options());

        using var connection = new SqliteConnection(_database.ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version; ";
        Assert.Equal((long)SqliteTransactionStore.SchemaVersion, command.ExecuteScalar()); // the audit tables came with version 3
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'";
        Assert.Equal(4L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Append_FromTwoLogsOnOneFile_OneChain()
    {
        // Two instances (as two processes would have) share SQLite's write lock, so they extend one chain.
        var first = new SqliteAuditLog(Options());
        var second = new SqliteAuditLog(Options());
        for (var i = 0; i < 10; i++)
        {
            await (i % 2 == 0 ? first : second).AppendAsync(Event(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var trail = new AuditTrail(first, new HmacAuditCheckpointSigner("k", new byte[32]));
        var result = await trail.VerifyAsync();
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(10, result.EntriesVerified);
    }

    private static AuditEvent Event(string id) =>
        new("user-1", AuditEventTypes.StateChanged, T0, AuditOutcome.Success, "transaction/" + id);

    private SqliteTransactionStoreOptions Options() =>
        new() { ConnectionString = _database.ConnectionString(), Synchronous = SqliteSynchronousMode.Normal, AllowPlaintext = true };
}
