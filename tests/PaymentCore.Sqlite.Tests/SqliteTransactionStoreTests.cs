using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing.Storage;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite.Tests;

public sealed class SqliteTransactionStoreTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private SqliteTransactionStore Open(string name = "payments.db") =>
        new(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(name), AllowPlaintext = true });

    [Fact]
    public void Open_NewFile_CreatesSchemaInWalModeAtLatestVersion()
    {
        using (Open())
        {
        }

        using var connection = new SqliteConnection(_database.ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal((long)SqliteTransactionStore.SchemaVersion, command.ExecuteScalar());
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_transactions_%'";
        Assert.Equal(5L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Open_Twice_KeepsDataAndAppliesNothingTwice()
    {
        var record = NewRecord("order-1");
        using (var store = Open())
        {
            Assert.True((await store.TryCreateAsync(record, PaymentEvent.For(record))).Created);
        }

        using var reopened = Open();
        Assert.Equal(record, await reopened.GetAsync(record.Id));
        using var connection = new SqliteConnection(_database.ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version";
        Assert.Equal((long)SqliteTransactionStore.SchemaVersion, command.ExecuteScalar());
    }

    [Fact]
    public void Open_FileThatIsNotSqlite_ThrowsNamingTheProblem()
    {
        File.WriteAllText(_database.PathOf("notes.db"), "These are my notes, not a database. " + new string('x', 4096));

        var ex = Assert.Throws<TransactionStoreException>(() => Open("notes.db"));

        Assert.Contains("is not a SQLite database", ex.Message);
        Assert.Contains("notes.db", ex.Message);
    }

    [Fact]
    public void Open_SchemaFromTheFuture_ThrowsNamingBothVersions()
    {
        using (Open())
        {
        }

        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version) VALUES (99)";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<TransactionStoreException>(() => Open());

        Assert.Contains("schema version 99", ex.Message);
        Assert.Contains($"version {SqliteTransactionStore.SchemaVersion} that this PaymentCore.Sqlite knows", ex.Message);
    }

    [Fact]
    public void Open_PathThatCannotExist_ThrowsNamingThePath()
    {
        var path = Path.Combine(_database.Folder, "no-such-folder", "deeper", "payments.db");

        var ex = Assert.Throws<TransactionStoreException>(() => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = "Data Source=" + path, AllowPlaintext = true }));

        Assert.Contains("cannot be opened", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x;Mode=Memory")]
    public void Open_InMemoryDatabase_IsRefused(string connectionString)
    {
        var ex = Assert.Throws<TransactionStoreException>(() => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = connectionString, AllowPlaintext = true }));

        Assert.Contains("in-memory", ex.Message);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheProperty()
    {
        Assert.Contains("ConnectionString", Assert.Throws<ArgumentException>(() => new SqliteTransactionStore(new SqliteTransactionStoreOptions())).Message);
        Assert.Contains("BusyTimeout", Assert.Throws<ArgumentException>(() => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), BusyTimeout = TimeSpan.Zero, AllowPlaintext = true })).Message);
        Assert.Contains("Synchronous", Assert.Throws<ArgumentException>(() => new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), Synchronous = (SqliteSynchronousMode)9, AllowPlaintext = true })).Message);
    }

    [Fact]
    public async Task UseSqlite_RegistersTheStoreForTheProcessor()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        // A key registered for data protection turns encryption at rest on, with no store option to set.
        services.AddPaymentCoreDataProtection(o => o.Keys.Add("dev:" + Convert.ToBase64String(new byte[32])));
        // A durable store needs a per-installation secret for transaction ids (issue 12).
        services.Configure<PaymentCore.Transactions.TransactionIdOptions>(o => o.Secret = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()));
        services.AddPaymentCore().UseSqlite(_database.ConnectionString()).AddAuthorizer<InMemoryAuthorizer>();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ITransactionStore>();
        Assert.IsType<SqliteTransactionStore>(store);
        Assert.Same(store, provider.GetRequiredService<IBatchTransactionStore>());
        var processor = provider.GetRequiredService<PaymentProcessor>();
        var result = await processor.ProcessAsync(Request("order-1"));
        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(TransactionStatus.Captured, (await store.GetAsync(result.Transaction.Id))!.Status);
        Assert.Equal(["dev"], (await Encryption.SqliteKeyRotation.CountByKeyAsync(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString() })).Keys);
    }

    [Fact]
    public async Task TwoProcessorsOnOneFile_ConcurrentSameKey_AuthorizeOnce()
    {
        var issuer = new InMemoryAuthorizer();
        var time = new FakeTimeProvider();
        using var storeA = Open();
        using var storeB = Open();
        var authorizerA = new ScriptedAuthorizer(issuer);
        var authorizerB = new ScriptedAuthorizer(issuer);
        var processorA = new PaymentProcessor([], authorizerA, storeA, null, time, transactionIds: Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { AllowUnkeyed = true }));
        var processorB = new PaymentProcessor([], authorizerB, storeB, null, time, transactionIds: Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { AllowUnkeyed = true }));
        var keys = Enumerable.Range(0, 40).Select(i => "order-" + i).ToArray();

        var results = await Task.WhenAll(keys.SelectMany(key => Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
            await (n % 2 == 0 ? processorA : processorB).ProcessAsync(Request(key))))));

        // A replay that arrives while the first call is still authorizing sees it in flight (Received); only
        // first calls must be approved, and every stored payment ends captured.
        Assert.All(results.Where(r => !r.Replayed), r => Assert.Equal(PaymentOutcome.Approved, r.Outcome));
        foreach (var key in keys)
        {
            Assert.Equal(TransactionStatus.Captured, (await storeA.FindByIdempotencyKeyAsync("merchant-1", key))!.Status);
        }

        var authorizations = authorizerA.Calls.Concat(authorizerB.Calls).Where(c => c.Operation == AuthorizerOperation.Authorize).ToList();
        Assert.Equal(keys.Length, authorizations.Count);
        Assert.Equal(keys.Length, authorizations.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys.Length, results.Count(r => !r.Replayed));
    }

    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        MerchantId = "merchant-1",
        Amount = Money.FromMinor(1005, Currency.USD),
        Payer = TestInstruments.Approves,
        Payee = "acct_merchant_1",
    };

    private static TransactionRecord NewRecord(string key) =>
        TestRecords.Received(key, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
