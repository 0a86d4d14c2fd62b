using Microsoft.Data.Sqlite;
using PaymentCore.Audit;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Testing.Audit;
using PaymentCore.Testing.Storage;

namespace PaymentCore.Sqlite.Tests.Audit;

/// <summary>The SQLite store keeps the audited store contract, through its group-commit writer, on a new file per fact.</summary>
public sealed class SqliteAuditedStoreTests : AuditedStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task TryCreateAudited_AuditInsertFailsForOneWrite_NeitherItsRecordNorItsEntryStaysAndTheOthersChain(int writers)
    {
        // The entry's insert is made to fail for one record: that write must fail whole (no record, no event, no
        // entry), alone or inside a group, and the writes around it must commit with an unbroken chain.
        var records = Enumerable.Range(0, writers).Select(i => TestRecords.Received("order-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0)).ToArray();
        var doomed = records[writers / 2];
        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using var trigger = connection.CreateCommand();
            trigger.CommandText = $"CREATE TRIGGER fail_one BEFORE INSERT ON audit_entries WHEN NEW.resource = 'transaction/{doomed.Id}' BEGIN SELECT RAISE(ABORT, 'audit insert refused'); END";
            trigger.ExecuteNonQuery();
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

        Assert.Equal((writers - 1) * 1, (await Store.GetOutboxBacklogAsync()).Pending);
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ProcessAsync_OnTheSqliteStore_EveryWriteHasItsEntryInTheFileAndTheChainVerifies()
    {
        var processor = new PaymentCore.Processing.PaymentProcessor(
            [],
            new PaymentCore.Authorization.InMemoryAuthorizer(),
            Store,
            transactionIds: Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { AllowUnkeyed = true }));

        PaymentCore.Processing.PaymentResult result;
        using (OperationContext.Begin("ops@example.com", "10.0.0.1"))
        {
            result = await processor.ProcessAsync(new PaymentCore.Payments.PaymentRequest
            {
                IdempotencyKey = "order-1",
                MerchantId = "merchant-1",
                Amount = PaymentCore.Monetary.Money.FromMajor(10.05m, PaymentCore.Monetary.Currency.USD),
                Payer = PaymentCore.Authorization.TestInstruments.Approves,
                Payee = "acct_merchant_1",
            });
        }

        var mine = (await AllEntriesAsync()).Where(e => e.Event.Resource == "transaction/" + result.Id).ToList();
        Assert.Equal(result.Transaction.Version, mine.Count); // one entry per stored version
        Assert.All(mine, e => Assert.Equal(("ops@example.com", "10.0.0.1"), (e.Event.Actor, e.Event.Origin)));
        Assert.True((await VerifyAsync()).IsIntact);
    }

    /// <inheritdoc />
    protected override ValueTask<IAuditedTransactionStore> CreateStoreAsync() =>
        new(new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), Synchronous = SqliteSynchronousMode.Normal, AllowPlaintext = true }));
}
