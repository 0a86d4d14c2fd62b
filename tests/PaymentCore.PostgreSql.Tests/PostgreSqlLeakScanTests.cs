using Npgsql;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.PostgreSql.Encryption;
using PaymentCore.Processing;
using PaymentCore.Testing.Time;
using PaymentCore.Tests.DataProtection;

namespace PaymentCore.PostgreSql.Tests;

// Issue 12's leak scan, PostgreSQL part: the in-memory scan (tests/PaymentCore.Tests LeakScanTests) pushes the same
// corpus through every caller field; here the store is PostgreSQL, with its card vault, and what is scanned is a
// pg_dump of the database (bytea decoded), as an attacker with a backup would read it. Expected: 0 full PANs.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlLeakScanTests(PostgresCluster cluster)
{
    private const int Seed = 20261202;
    private const int Tokenized = 1_000;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PaymentRequest Valid(string key = "order-0") => new()
    {
        IdempotencyKey = key,
        MerchantId = "merchant-1",
        Amount = Money.FromMinor(1005, Currency.USD),
        Payer = TestInstruments.Approves,
        Payee = "acct_merchant_1",
    };

    [Fact]
    public async Task EveryCallerFieldAndTheVault_TenThousandCards_NoPanInPgDump()
    {
        var pans = CardCorpus.GeneratePans(new Random(Seed));
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = new PostgreSqlTransactionStore(PostgresCluster.Encrypted(connectionString));
        await using var vault = new PostgreSqlCardVault(PostgresCluster.Encrypted(connectionString));
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, new FastForwardTimeProvider(T0), transactionIds: Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { AllowUnkeyed = true }));
        var paid = await processor.ProcessAsync(Valid("refund-target"));
        var (attempts, refused, leaks) = await CardCorpus.PushThroughEveryFieldAsync(processor, pans, () => Valid(), paid);

        // The intended path: cards vaulted, then paid with by token.
        for (var n = 0; n < Tokenized; n++)
        {
            var card = await vault.TokenizeAsync(pans[n], "brand");
            Assert.Equal(PaymentOutcome.Approved, (await processor.ProcessAsync(Valid("card-" + n) with { Payer = card.ToInstrument() })).Outcome);
        }

        var dump = PostgresCluster.DecodeByteaInDump(await cluster.DumpAsync(connectionString));
        var found = CardCorpus.CountPans([dump], pans);

        Assert.True(leaks.Count == 0, $"seed {Seed}: {leaks.Count} accepted, first: {string.Join("; ", leaks.Take(5))}");
        Assert.Equal((CardCorpus.Cards * 9, CardCorpus.Cards * 9), (attempts, refused));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM paymentcore.transactions), (SELECT count(*) FROM paymentcore.card_vault)", connection);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal((1L + Tokenized, (long)Tokenized), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        Assert.True(found == 0, $"seed {Seed}: {found} full PANs found in the pg_dump ({dump.Length} characters)");
    }

    [Fact]
    public async Task Scan_PanStoredAsPlainBytes_IsFoundInTheDump()
    {
        // The scan itself must be able to fail: a PAN written unencrypted into a bytea column is counted.
        var connectionString = await cluster.CreateDatabaseAsync();
        new PostgreSqlTransactionStore(PostgresCluster.Encrypted(connectionString)).Dispose();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO paymentcore.card_vault (token, pan) VALUES ('tok_x', convert_to('4242424242424242', 'UTF8'))", connection);
            await insert.ExecuteNonQueryAsync();
        }

        var dump = PostgresCluster.DecodeByteaInDump(await cluster.DumpAsync(connectionString));

        Assert.Equal(1, CardCorpus.CountPans([dump], ["4242424242424242", "5555555555554444"]));
    }
}
