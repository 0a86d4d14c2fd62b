using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Npgsql;
using PaymentCore.Benchmarks.Throughput;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.PostgreSql;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The cost of encryption at rest on the durable stores' payment path (issue 12, goal at most 1.15x): the same
/// records and events written to a plaintext store (the baseline) and to an encrypted one, one payment per
/// transaction and 100 per transaction. SQLite in WAL with synchronous=FULL; PostgreSQL 15 on a throwaway local
/// cluster with the server's default durability (or PAYMENTCORE_BENCH_PG), plain and encrypted in two databases. Run:
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
    private PostgresServer? _server;
    private IBatchTransactionStore _plain = null!;
    private IBatchTransactionStore _encrypted = null!;
    private long _counter;

    /// <summary>Gets or sets the store measured.</summary>
    [Params("Sqlite", "PostgreSql")]
    public string Store { get; set; } = "Sqlite";

    [GlobalSetup]
    public void Setup()
    {
        var keys = KeyRing.Create(new KeySet([DataKey.Generate("bench")], "bench", "bench"));
        if (Store == "PostgreSql")
        {
            var admin = Environment.GetEnvironmentVariable("PAYMENTCORE_BENCH_PG") ?? (_server = PostgresServer.Start()).ConnectionString;
            using (var connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                using var create = new NpgsqlCommand("DROP DATABASE IF EXISTS pc_bench_plain; DROP DATABASE IF EXISTS pc_bench_encrypted; CREATE DATABASE pc_bench_plain; CREATE DATABASE pc_bench_encrypted;", connection);
                create.ExecuteNonQuery();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = "pc_bench_plain" };
            _plain = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = builder.ToString(), AllowPlaintext = true });
            builder.Database = "pc_bench_encrypted";
            _encrypted = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = builder.ToString(), Encryption = keys });
            return;
        }

        _folder = Directory.CreateTempSubdirectory("paymentcore-bench-enc-").FullName;
        _plain = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "plain.db")}", AllowPlaintext = true });
        _encrypted = new SqliteTransactionStore(new SqliteTransactionStoreOptions
        {
            ConnectionString = $"Data Source={Path.Combine(_folder, "encrypted.db")}",
            Encryption = keys,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ((IDisposable)_plain).Dispose();
        ((IDisposable)_encrypted).Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        _server?.Dispose();
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
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

    private async Task Create(IBatchTransactionStore store)
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
