using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Benchmarks.Throughput;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.PostgreSql;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Sqlite;
using PaymentCore.Storage;

namespace PaymentCore.Benchmarks;

/// <summary>
/// What the audit trail costs on a durable store's payment path (issue 13): whole payments (rules, authorization,
/// automatic capture: three store writes) through <see cref="PaymentProcessor.ProcessAsync"/>, with
/// <see cref="PaymentProcessorOptions.Audit"/> off (the baseline) and on, against the same store in the same run.
/// With the audit on, each of the three writes carries its audit entry in the same transaction (and the processor
/// records its configuration once). Goal: on / off at most 1.2.
/// </summary>
/// <remarks>
/// SQLite runs with its default durability (synchronous=FULL, one fsync per commit). PostgreSQL starts a throwaway
/// cluster (or uses PAYMENTCORE_BENCH_PG). One caller at a time: the ratio is the cost per payment, not under load.
/// </remarks>
[MemoryDiagnoser]
public class AuditPaymentPathBenchmarks
{
    private string _folder = string.Empty;
    private PostgresServer? _server;
    private ITransactionStore _store = null!;
    private PaymentProcessor _off = null!;
    private PaymentProcessor _on = null!;
    private long _counter;

    /// <summary>The durable stores measured.</summary>
    public enum DurableStore
    {
        /// <summary>The SQLite store, one file.</summary>
        Sqlite,

        /// <summary>The PostgreSQL store on a local cluster.</summary>
        PostgreSql,
    }

    [Params(DurableStore.Sqlite, DurableStore.PostgreSql)]
    public DurableStore Store { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Store == DurableStore.Sqlite)
        {
            _folder = Directory.CreateTempSubdirectory("paymentcore-audit-path-").FullName;
            _store = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "store.db")}", AllowPlaintext = true });
        }
        else
        {
            var pg = Environment.GetEnvironmentVariable("PAYMENTCORE_BENCH_PG");
            if (pg is null)
            {
                _server = PostgresServer.Start();
                pg = _server.ConnectionString;
            }

            _store = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = pg, AllowPlaintext = true });
        }

        var issuer = new InMemoryAuthorizer();
        issuer.SetBalance(TestInstruments.Approves.Token, Money.FromMajor(1_000_000_000m, Currency.USD));
        IPaymentRule[] rules = [new AllowedCurrenciesRule(Currency.USD, Currency.EUR), AmountLimitRule.Maximum(Money.FromMajor(10_000m, Currency.USD)), FeeRule.For(Currency.USD, 0.029m, 30)];
        _off = new PaymentProcessor(rules, issuer, _store, Options.Create(new PaymentProcessorOptions { Audit = false }));
        _on = new PaymentProcessor(rules, issuer, _store, Options.Create(new PaymentProcessorOptions { Audit = true }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        _server?.Dispose();
        if (_folder.Length > 0)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "ProcessAsync, audit off")]
    public async ValueTask<PaymentResult> AuditOff() => await _off.ProcessAsync(Next());

    [Benchmark(Description = "ProcessAsync, audit on (entries in the same transactions)")]
    public async ValueTask<PaymentResult> AuditOn() => await _on.ProcessAsync(Next());

    private PaymentRequest Next() => new()
    {
        IdempotencyKey = "audit-path-" + Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture),
        MerchantId = "merchant-1",
        Amount = Money.FromMajor(10.05m, Currency.USD),
        Payer = TestInstruments.Approves,
        Payee = "acct_merchant_1",
    };
}
