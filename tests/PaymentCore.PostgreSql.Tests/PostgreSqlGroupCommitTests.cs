using Npgsql;
using PaymentCore.Notifications;
using PaymentCore.Testing.Storage;

namespace PaymentCore.PostgreSql.Tests;

/// <summary>Issue 11: group commit and the store's own data source in the PostgreSQL store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlGroupCommitTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WritesQueuedBehindBusyWriters_AllCommit_AndOneTheServerRefusesFailsAlone()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString });

        // Another session locks the outbox, so the first writes (the leaders) wait in the server and the rest queue.
        await using var locker = new NpgsqlConnection(connectionString);
        await locker.OpenAsync();
        var lockTransaction = await locker.BeginTransactionAsync();
        await using (var lockOutbox = new NpgsqlCommand("LOCK TABLE paymentcore.outbox IN EXCLUSIVE MODE", locker, lockTransaction))
        {
            await lockOutbox.ExecuteNonQueryAsync();
        }

        var records = Enumerable.Range(0, 24).Select(i => TestRecords.Received("order-" + i, T0)).ToList();
        var creates = records.Take(12).Select(r => Task.Run(async () => await store.TryCreateAsync(r, PaymentEvent.For(r)))).ToList();

        // A NUL character cannot be stored in a PostgreSQL text column: the server refuses that statement.
        var broken = TestRecords.Received("broken\0key", T0);
        var failing = Task.Run(async () => await store.TryCreateAsync(broken, PaymentEvent.For(broken)));
        creates.AddRange(records.Skip(12).Select(r => Task.Run(async () => await store.TryCreateAsync(r, PaymentEvent.For(r)))));
        await Task.Delay(200);
        Assert.All(creates, t => Assert.False(t.IsCompleted));
        await lockTransaction.CommitAsync();

        var results = await Task.WhenAll(creates);

        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal("22021", (await Assert.ThrowsAsync<PostgresException>(() => failing)).SqlState);
        foreach (var record in records)
        {
            Assert.Equal(record, await store.GetAsync(record.Id));
        }

        Assert.Null(await store.GetAsync(broken.Id));
        Assert.Equal(24, (await store.GetOutboxBacklogAsync()).Pending);
    }

    [Fact]
    public async Task OwnDataSource_NoResetOnCloseAndAutomaticPreparation_UnlessTheConnectionStringSaysOtherwise()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString });
        await using var explicitStore = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString + ";No Reset On Close=false;Max Auto Prepare=0" });

        var settings = new NpgsqlConnectionStringBuilder(store.DataSourceConnectionString);
        var explicitSettings = new NpgsqlConnectionStringBuilder(explicitStore.DataSourceConnectionString);

        Assert.True(settings.NoResetOnClose);
        Assert.True(settings.MaxAutoPrepare > 0);
        Assert.False(explicitSettings.NoResetOnClose);
        Assert.Equal(0, explicitSettings.MaxAutoPrepare);

        // Writes after many pooled uses still run, and a batch (which uses the session's staging table) too.
        for (var i = 0; i < 10; i++)
        {
            var record = TestRecords.Received("order-" + i, T0);
            Assert.True((await store.TryCreateAsync(record, PaymentEvent.For(record))).Created);
        }

        var batch = Enumerable.Range(0, 5).Select(i => TestRecords.Received("batch-" + i, T0)).ToList();
        Assert.All(await store.CreateManyAsync([.. batch.Select(r => (r, PaymentEvent.For(r)))]), r => Assert.True(r.Created));
        Assert.All(await store.CreateManyAsync([.. batch.Select(r => (r, PaymentEvent.For(r)))]), r => Assert.False(r.Created));
    }
}
