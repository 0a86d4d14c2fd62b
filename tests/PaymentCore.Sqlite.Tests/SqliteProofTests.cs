using PaymentCore.Tests.Proofs;

namespace PaymentCore.Sqlite.Tests;

public sealed class SqliteProofTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>Issue #5: 10,000 payments, 30% repeated keys, two processes on one SQLite file.</summary>
    [Fact]
    public Task TwoProcessesOnOneFile_10000PaymentsWith30PercentRepeats_OneAuthorizationPerKeyEveryEventDelivered() =>
        TwoProcessProof.RunAsync("sqlite", _database.ConnectionString(), () => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), AllowPlaintext = true }), payments: 10_000);
}
