using System.Text;
using Microsoft.Data.Sqlite;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Sqlite.Encryption;
using PaymentCore.Testing.Time;
using PaymentCore.Tests.DataProtection;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite.Tests;

// Issue 12's leak scan, SQLite part: the in-memory scan (tests/PaymentCore.Tests LeakScanTests) and the PostgreSQL one
// push the same corpus through every caller field; here the store is an encrypted SQLite file in WAL mode, with its
// card vault, and what is scanned is every byte of the database file and of its -wal file, as an attacker with the
// files (or a copy of the folder) would read them. Expected: 0 full PANs.
public sealed class SqliteLeakScanTests : IDisposable
{
    private const int Seed = 20261202;
    private const int Tokenized = 1_000;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    // Synchronous = Normal: the same pages reach the file and WAL as under Full (the default, still WAL mode);
    // only the fsync per commit is skipped, which is all that made this scan take minutes on a shared disk.
    private SqliteTransactionStoreOptions Encrypted() => new()
    {
        ConnectionString = _database.ConnectionString(),
        Synchronous = SqliteSynchronousMode.Normal,
        Encryption = KeyRing.Create(new KeySet([new DataKey("test", Enumerable.Repeat((byte)7, 32).ToArray())], "test", "test")),
    };

    private static PaymentRequest Valid(string key = "order-0") => new()
    {
        IdempotencyKey = key,
        MerchantId = "merchant-1",
        Amount = Money.FromMinor(1005, Currency.USD),
        Payer = TestInstruments.Approves,
        Payee = "acct_merchant_1",
    };

    // The database file and its WAL as texts: Latin-1 (every byte one char, so ASCII digits anywhere show) and UTF-8
    // (how SQLite stores TEXT, so digits of other scripts show too). Files are opened shared: the store may be open.
    private List<string> Surfaces(out long walBytes)
    {
        var surfaces = new List<string>();
        walBytes = 0;
        foreach (var path in new[] { _database.PathOf(), _database.PathOf() + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            if (path.EndsWith("-wal", StringComparison.Ordinal))
            {
                walBytes = bytes.Length;
            }

            surfaces.Add(Encoding.Latin1.GetString(bytes));
            surfaces.Add(Encoding.UTF8.GetString(bytes));
        }

        return surfaces;
    }

    [Fact]
    public async Task EveryCallerFieldAndTheVault_TenThousandCards_NoPanInTheFileOrWal()
    {
        var pans = CardCorpus.GeneratePans(new Random(Seed));
        var store = new SqliteTransactionStore(Encrypted());
        var vault = new SqliteCardVault(Encrypted());
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, new FastForwardTimeProvider(T0), transactionIds: Microsoft.Extensions.Options.Options.Create(new TransactionIdOptions { AllowUnkeyed = true }));
        var paid = await processor.ProcessAsync(Valid("refund-target"));
        var (attempts, refused, leaks) = await CardCorpus.PushThroughEveryFieldAsync(processor, pans, () => Valid(), paid);

        // The intended path: cards vaulted, then paid with by token.
        for (var n = 0; n < Tokenized; n++)
        {
            var card = await vault.TokenizeAsync(pans[n], "brand");
            Assert.Equal(PaymentOutcome.Approved, (await processor.ProcessAsync(Valid("card-" + n) with { Payer = card.ToInstrument() })).Outcome);
        }

        // Scanned twice: while the store is open (the WAL holds the recent pages), then after it is closed and
        // checkpointed into the main file.
        var foundOpen = CardCorpus.CountPans(Surfaces(out var walBytes), pans);
        store.Dispose();
        SqliteConnection.ClearAllPools();
        var foundClosed = CardCorpus.CountPans(Surfaces(out _), pans);

        Assert.True(leaks.Count == 0, $"seed {Seed}: {leaks.Count} accepted, first: {string.Join("; ", leaks.Take(5))}");
        Assert.Equal((CardCorpus.Cards * 9, CardCorpus.Cards * 9), (attempts, refused));
        await using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT (SELECT count(*) FROM transactions), (SELECT count(*) FROM card_vault)";
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal((1L + Tokenized, (long)Tokenized), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        Assert.True(walBytes > 0, "the store did not write a -wal file: the WAL half of the scan read nothing");
        Assert.True(foundOpen == 0, $"seed {Seed}: {foundOpen} full PANs found in the database file and WAL (store open, WAL {walBytes} bytes)");
        Assert.True(foundClosed == 0, $"seed {Seed}: {foundClosed} full PANs found in the database file (store closed)");
    }

    [Fact]
    public async Task Scan_PanStoredAsPlainBytes_IsFoundInTheFileOrWal()
    {
        // The scan itself must be able to fail: a PAN written unencrypted into the vault's blob column is counted.
        new SqliteTransactionStore(Encrypted()).Dispose();
        await using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO card_vault (token, pan) VALUES ('tok_x', CAST('4242424242424242' AS BLOB))";
            await insert.ExecuteNonQueryAsync();
            Assert.Equal(1, CardCorpus.CountPans(Surfaces(out var walBytes), ["4242424242424242", "5555555555554444"]));
            Assert.True(walBytes > 0, "the insert did not go through the WAL");
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(1, CardCorpus.CountPans(Surfaces(out _), ["4242424242424242", "5555555555554444"]));
    }
}
