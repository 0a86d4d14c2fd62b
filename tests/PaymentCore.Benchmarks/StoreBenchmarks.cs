using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PaymentCore.Benchmarks.StoreWrites;
using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The durable stores against the database driver used directly (issues 5 and 11), writing the same rows (record
/// columns, JSON document, outbox row) at the same durability: SQLite in WAL with synchronous=FULL on both sides;
/// PostgreSQL on one server for both sides. A "Payment" benchmark is one whole payment's writes, three commits
/// (<see cref="WholePayment"/>); a "Batch" benchmark is 100 creations in one transaction, reported per payment
/// (OperationsPerInvoke). PostgreSQL: set PAYMENTCORE_BENCH_PG to a connection string, or a throwaway cluster is
/// started from /usr/lib/postgresql/15/bin.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs one benchmark after another, so a slow minute of the disk lands on one side only. The figures
/// of docs/benchmarks.md come from the interleaved whole-process mode instead
/// (<see cref="StoreWritesMeasurement"/>, <c>-- stores</c>); this class gives the same operations with allocations.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(LongRun))]
public class StoreBenchmarks
{
    private const int BatchSize = 100;

    private StoreWriteTargets _targets = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup() => _targets = StoreWriteTargets.Start();

    [GlobalCleanup]
    public void Cleanup() => _targets.Dispose();

    [Benchmark]
    public Task Sqlite_Payment_Store() => WholePayment.WriteAsync(_targets.SqliteWriter, Key(), TimeProvider.System.GetUtcNow()).AsTask();

    [Benchmark]
    public void Sqlite_Payment_Raw() => _targets.SqliteRaw.WritePayment(WholePayment.Rows(Key(), TimeProvider.System.GetUtcNow()));

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task Sqlite_Batch_Store() => await _targets.SqliteStore.CreateManyAsync(NextBatch());

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void Sqlite_Batch_Raw() => _targets.SqliteRaw.CreateMany(NextBatch());

    [Benchmark]
    public Task PostgreSql_Payment_Store() => WholePayment.WriteAsync(_targets.PostgresWriter, Key(), TimeProvider.System.GetUtcNow()).AsTask();

    [Benchmark]
    public Task PostgreSql_Payment_Raw() => _targets.PostgresRaw.WritePaymentAsync(WholePayment.Rows(Key(), TimeProvider.System.GetUtcNow()));

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task PostgreSql_Batch_Store() => await _targets.PostgresStore.CreateManyAsync(NextBatch());

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task PostgreSql_Batch_RawBinaryCopy() => _targets.PostgresRaw.CreateManyAsync(NextBatch());

    private string Key() => "bench-" + Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private (TransactionRecord Record, PaymentEvent Event)[] NextBatch()
    {
        var now = TimeProvider.System.GetUtcNow();
        var batch = new (TransactionRecord, PaymentEvent)[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = WholePayment.Created(Key(), now);
        }

        return batch;
    }

    /// <summary>
    /// 15 measured iterations of 96 operations each (a payment is three fsync'd commits: 288 commits an iteration, so
    /// one 50 ms stall is a small part of it), after 3 warm-ups. In-process, so a run does not build a generated
    /// project per benchmark; hence one launch. Do not pass --inProcess on the command line: it replaces this job
    /// with the default one.
    /// </summary>
    private sealed class LongRun : ManualConfig
    {
        public LongRun() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(96)
            .WithUnrollFactor(1)
            .WithId("LongRun"));
    }
}
