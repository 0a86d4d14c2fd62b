using PaymentCore.Tests.Proofs;

namespace PaymentCore.Sqlite.Tests;

public sealed class SqliteProofTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>Issue #5: 10,000 payments, 30% repeated keys, two processes on one SQLite file.</summary>
    [Fact]
    public Task TwoProcessesOnOneFile_10000PaymentsWith30PercentRepeats_OneAuthorizationPerKeyEveryEventDelivered() =>
        TwoProcessProof.RunAsync("sqlite", _database.ConnectionString(), () => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString() }), payments: 10_000);

    /// <summary>Issue 11: a child writing from 16 tasks at once (group commits) is killed at 20 seeded points; every acknowledged write survives, with its event.</summary>
    [Fact]
    public Task GroupCommits_ChildKilledAt20SeededPoints_EveryAcknowledgedWriteSurvives() =>
        GroupCommitCrashProof.RunAsync("sqlite", _database.ConnectionString(), () => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString() }), kills: 20, seed: 11);
}
