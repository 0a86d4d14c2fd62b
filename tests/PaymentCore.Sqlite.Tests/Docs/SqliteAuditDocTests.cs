using Microsoft.Data.Sqlite;
using PaymentCore.Audit;
using PaymentCore.Sqlite.Audit;
using PaymentCore.Tests.Docs;

namespace PaymentCore.Sqlite.Tests.Docs;

/// <summary>The SQLite in-transaction audit code of docs/security.md, compiled and run.</summary>
public sealed class SqliteAuditDocTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Page_ShowsSnippetVerbatim() =>
        DocSnippets.AssertPageShows("docs/security.md", "tests/PaymentCore.Sqlite.Tests/Docs/SqliteAuditDocTests.cs", "sqlite-in-transaction");

    [Fact]
    public async Task SqliteInTransaction_Snippet_Runs()
    {
        var options = new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), AllowPlaintext = true };
        var log = new SqliteAuditLog(options);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var connection = new SqliteConnection(_database.ConnectionString());
        connection.Open();

        // begin-snippet: sqlite-in-transaction
        using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: holds the write lock
        // ... the record change, on the same transaction ...
        IReadOnlyList<AuditEntry> written = SqliteAuditLog.Append(transaction,
        [
            new AuditEvent("ops@example.com", AuditEventTypes.StateChanged, now, AuditOutcome.Success,
                "transaction/pay-42", detail: "Authorized -> Captured"),
        ]);
        transaction.Commit(); // the change and its audit entry, or neither
        // end-snippet

        Assert.Equal(1, written[0].Sequence);
        Assert.Equal(written[0], await log.GetHeadAsync());
    }
}
