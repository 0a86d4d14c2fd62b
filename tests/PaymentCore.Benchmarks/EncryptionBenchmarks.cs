using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Sqlite;
using PaymentCore.Testing.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The cost of encryption at rest on the SQLite store's payment path (issue 12, goal at most 1.15x): the same
/// records and events written to a plaintext store (the baseline) and to an encrypted one, both in WAL with
/// synchronous=FULL, one payment per transaction and 100 per transaction. Run:
/// <c>dotnet run -c Release --project tests/PaymentCore.Benchmarks -- --filter *EncryptionBenchmarks* --job short</c>
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EncryptionBenchmarks
{
    private const int BatchSize = 100;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private string _folder = string.Empty;
    private SqliteTransactionStore _plain = null!;
    private SqliteTransactionStore _encrypted = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("paymentcore-bench-enc-").FullName;
        _plain = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "plain.db")}", AllowPlaintext = true });
        _encrypted = new SqliteTransactionStore(new SqliteTransactionStoreOptions
        {
            ConnectionString = $"Data Source={Path.Combine(_folder, "encrypted.db")}",
            Encryption = KeyRing.Create(new KeySet([DataKey.Generate("bench")], "bench", "bench")),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _encrypted.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Single")]
    public async Task Single_Plaintext() => await Create(_plain);

    [Benchmark]
    [BenchmarkCategory("Single")]
    public async Task Single_Encrypted() => await Create(_encrypted);

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    [BenchmarkCategory("Batch")]
    public async Task Batch_Plaintext() => await _plain.CreateManyAsync(NextBatch());

    [Benchmark(OperationsPerInvoke = BatchSize)]
    [BenchmarkCategory("Batch")]
    public async Task Batch_Encrypted() => await _encrypted.CreateManyAsync(NextBatch());

    private async Task Create(SqliteTransactionStore store)
    {
        var (record, paymentEvent) = Next();
        await store.TryCreateAsync(record, paymentEvent);
    }

    private (TransactionRecord Record, PaymentEvent Event) Next()
    {
        var n = Interlocked.Increment(ref _counter);
        var record = TestRecords.Received("bench-" + n, T0.AddTicks(n), "merchant-1", "acct_DE89370400440532013000", Money.FromMinor(1005, Currency.USD));
        return (record, PaymentEvent.For(record));
    }

    private (TransactionRecord Record, PaymentEvent Event)[] NextBatch()
    {
        var batch = new (TransactionRecord, PaymentEvent)[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = Next();
        }

        return batch;
    }
}
