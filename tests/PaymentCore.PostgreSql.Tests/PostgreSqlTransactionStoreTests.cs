using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTransactionStoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Open_ManyInstancesAtOnce_MigrateOnce()
    {
        var connectionString = await cluster.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString }))));

        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM paymentcore.schema_version", connection);
        Assert.Equal((long)PostgreSqlTransactionStore.SchemaVersion, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Open_SchemaFromTheFuture_ThrowsNamingBothVersions()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString }).DisposeAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO paymentcore.schema_version (version) VALUES (42)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var ex = Assert.Throws<TransactionStoreException>(() => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString }));

        Assert.Contains("schema version 42", ex.Message);
        Assert.Contains($"version {PostgreSqlTransactionStore.SchemaVersion} that this PaymentCore.PostgreSql knows", ex.Message);
    }

    [Fact]
    public void Open_ServerThatIsNotThere_ThrowsNamingHostAndPort()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var ex = Assert.Throws<TransactionStoreException>(() => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=3" }));

        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.Contains("cannot be reached", ex.Message);
    }

    [Fact]
    public async Task Open_MigrationsOffOnEmptyDatabase_ThrowsSayingSo()
    {
        var connectionString = await cluster.CreateDatabaseAsync();

        var ex = Assert.Throws<TransactionStoreException>(() => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString, ApplyMigrations = false }));

        Assert.Contains("ApplyMigrations = false", ex.Message);
    }

    [Fact]
    public void Options_MissingConnectionString_IsRefused() =>
        Assert.Contains("ConnectionString", Assert.Throws<ArgumentException>(() => new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions())).Message);

    [Fact]
    public async Task UsePostgreSql_RegistersTheStoreForTheProcessor()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        // A key registered for data protection turns encryption at rest on, with no store option to set.
        services.AddPaymentCoreDataProtection(o => o.Keys.Add("dev:" + Convert.ToBase64String(new byte[32])));
        var connectionString = await cluster.CreateDatabaseAsync();
        services.AddPaymentCore().AddAuthorizer<PaymentCore.Authorization.InMemoryAuthorizer>().UsePostgreSql(connectionString);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ITransactionStore>();
        Assert.IsType<PostgreSqlTransactionStore>(store);
        Assert.Same(store, provider.GetRequiredService<IBatchTransactionStore>());
        var result = await provider.GetRequiredService<PaymentProcessor>().ProcessAsync(Request("order-1"));
        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(TransactionStatus.Captured, (await store.GetAsync(result.Id))!.Status);
        Assert.Equal(["dev"], (await Encryption.PostgreSqlKeyRotation.CountByKeyAsync(new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString })).Keys);
    }

    [Fact]
    public async Task TwoProcessorsOnOneDatabase_ConcurrentSameKey_AuthorizeOnce()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var issuer = new InMemoryAuthorizer();
        var time = new FakeTimeProvider();
        await using var storeA = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString });
        await using var storeB = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString });
        var authorizerA = new ScriptedAuthorizer(issuer);
        var authorizerB = new ScriptedAuthorizer(issuer);
        var processorA = new PaymentProcessor([], authorizerA, storeA, null, time);
        var processorB = new PaymentProcessor([], authorizerB, storeB, null, time);
        var keys = Enumerable.Range(0, 40).Select(i => "order-" + i).ToArray();

        var results = await Task.WhenAll(keys.SelectMany(key => Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
            await (n % 2 == 0 ? processorA : processorB).ProcessAsync(Request(key))))));

        var authorizations = authorizerA.Calls.Concat(authorizerB.Calls).Where(c => c.Operation == AuthorizerOperation.Authorize).ToList();
        Assert.Equal(keys.Length, authorizations.Count);
        Assert.Equal(keys.Length, authorizations.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys.Length, results.Count(r => !r.Replayed));
        Assert.All(results.Where(r => !r.Replayed), r => Assert.Equal(PaymentOutcome.Approved, r.Outcome));
        foreach (var key in keys)
        {
            Assert.Equal(TransactionStatus.Captured, (await storeB.FindByIdempotencyKeyAsync("merchant-1", key))!.Status);
        }
    }

    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        MerchantId = "merchant-1",
        Amount = Money.FromMinor(1005, Currency.USD),
        Payer = TestInstruments.Approves,
        Payee = "acct_merchant_1",
    };
}
