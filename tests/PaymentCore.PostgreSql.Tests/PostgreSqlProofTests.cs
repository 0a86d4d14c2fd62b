using PaymentCore.Tests.Proofs;

namespace PaymentCore.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlProofTests(PostgresCluster cluster)
{
    /// <summary>Issue #5: 10,000 payments, 30% repeated keys, two processes on one PostgreSQL database.</summary>
    [Fact]
    public async Task TwoProcessesOnOneDatabase_10000PaymentsWith30PercentRepeats_OneAuthorizationPerKeyEveryEventDelivered()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await TwoProcessProof.RunAsync("postgres", connectionString, () => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString }), payments: 10_000);
    }

    /// <summary>Issue 11: a child writing from 16 tasks at once (group commits) is killed at 10 seeded points; every acknowledged write survives, with its event.</summary>
    [Fact]
    public async Task GroupCommits_ChildKilledAt10SeededPoints_EveryAcknowledgedWriteSurvives()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await GroupCommitCrashProof.RunAsync("postgres", connectionString, () => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString }), kills: 10, seed: 11);
    }
}
