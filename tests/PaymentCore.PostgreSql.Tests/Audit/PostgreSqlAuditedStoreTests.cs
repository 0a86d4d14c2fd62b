using Npgsql;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Testing.Audit;
using PaymentCore.Testing.Storage;

namespace PaymentCore.PostgreSql.Tests.Audit;

/// <summary>The PostgreSQL store keeps the audited store contract, through its group-commit writer, on a new database per fact.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditedStoreTests(PostgresCluster cluster) : AuditedStoreContract
{
    private string _connectionString = string.Empty;

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task TryCreateAudited_AuditInsertFailsForOneWrite_NeitherItsRecordNorItsEntryStaysAndTheOthersChain(int writers)
    {
        // The entry's insert is made to fail for one record: that write must fail whole (no record, no event, no
        // entry), alone or inside a group (which is rolled back and sent again write by write), and the writes
        // around it must commit with an unbroken chain.
        var records = Enumerable.Range(0, writers).Select(i => TestRecords.Received("order-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0)).ToArray();
        var doomed = records[writers / 2];
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var trigger = new NpgsqlCommand(
                $"""
                CREATE FUNCTION paymentcore.fail_one() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.resource = 'transaction/{doomed.Id}' THEN RAISE EXCEPTION 'audit insert refused'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER fail_one BEFORE INSERT ON paymentcore.audit_entries FOR EACH ROW EXECUTE FUNCTION paymentcore.fail_one();
                """,
                connection);
            await trigger.ExecuteNonQueryAsync();
        }

        using var start = new ManualResetEventSlim(false);
        var tasks = records.Select(record => Task.Run(async () =>
        {
            start.Wait();
            await Store.TryCreateAuditedAsync(record, PaymentEvent.For(record), [EntryFor(record, "created")]);
        })).ToArray();
        start.Set();
        var all = Task.WhenAll(tasks);
        await Assert.ThrowsAnyAsync<Exception>(() => all);

        Assert.Equal(1, tasks.Count(t => t.IsFaulted));
        Assert.Null(await Store.GetAsync(doomed.Id));
        var entries = await AllEntriesAsync();
        Assert.DoesNotContain(entries, e => e.Event.Resource == "transaction/" + doomed.Id);
        Assert.Equal(writers - 1, entries.Count);
        foreach (var record in records.Where(r => r != doomed))
        {
            Assert.NotNull(await Store.GetAsync(record.Id));
        }

        Assert.Equal(writers - 1, (await Store.GetOutboxBacklogAsync()).Pending);
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task TryCreateAudited_WritesQueuedWhileOneIsInFlight_ShareOneGroupAndTheChainHolds()
    {
        // Audited groups take the audit chain's lock to the commit, so they commit one after another: a write that
        // finds one in flight queues for the next group instead of leading a group of one of its own. Another
        // session locks the outbox, so the first write waits in the server while the rest arrive.
        var store = (PostgreSqlTransactionStore)Store;
        await using var locker = new NpgsqlConnection(_connectionString);
        await locker.OpenAsync();
        var lockTransaction = await locker.BeginTransactionAsync();
        await using (var lockOutbox = new NpgsqlCommand("LOCK TABLE paymentcore.outbox IN EXCLUSIVE MODE", locker, lockTransaction))
        {
            await lockOutbox.ExecuteNonQueryAsync();
        }

        var before = store.Commits;
        var records = Enumerable.Range(0, 24).Select(i => TestRecords.Received("queued-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0)).ToArray();
        var first = Task.Run(async () => await Store.TryCreateAuditedAsync(records[0], PaymentEvent.For(records[0]), [EntryFor(records[0], "created")]));
        await Task.Delay(100);
        var rest = records.Skip(1).Select(r => Task.Run(async () => await Store.TryCreateAuditedAsync(r, PaymentEvent.For(r), [EntryFor(r, "created")]))).ToList();
        await Task.Delay(200);
        Assert.False(first.IsCompleted);
        await lockTransaction.CommitAsync();

        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.All(results, r => Assert.True(r.Created));

        // The first write (alone, or with any that queued before it was sent), then the rest in a few groups; eight leaders of one
        // write each (the old behaviour) would make at least 8.
        Assert.InRange(store.Commits - before, 1, 4);
        Assert.Equal(24, (await AllEntriesAsync()).Count);
        Assert.Equal(24, (await Store.GetOutboxBacklogAsync()).Pending);
        Assert.True((await VerifyAsync()).IsIntact);
    }

    /// <inheritdoc />
    protected override async ValueTask<IAuditedTransactionStore> CreateStoreAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync(maxPoolSize: 80);
        return new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = _connectionString, AllowPlaintext = true });
    }
}
