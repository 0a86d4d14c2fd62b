using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Benchmarks.Throughput;
using PaymentCore.BatchWork;
using PaymentCore.Monetary;
using PaymentCore.PostgreSql;
using PaymentCore.PostgreSql.BatchWork;
using PaymentCore.Processing;
using PaymentCore.Testing;

namespace PaymentCore.Benchmarks.BatchWork;

/// <summary>
/// Issue 15: items per second of one batch shared by 1, 2 and 4 workers on one PostgreSQL database (its own
/// cluster, server-default durability), when the issuer takes 1 ms per authorization. Each worker is an instance
/// as a service would run it: its own store, queue, connection pool and processor, working one item at a time, so
/// the issuer's wait is what more workers hide. Workers run in this process (the machine has few cores; separate
/// processes would add only their start-up). One fresh database per configuration; 1 worker is the baseline.
/// </summary>
internal static class BatchWorkersMeasurement
{
    public static async Task RunAsync(long items, TextWriter output)
    {
        var external = Environment.GetEnvironmentVariable("PAYMENTCORE_BENCH_PG");
        using var server = external is null ? PostgresServer.Start() : null;
        var admin = external ?? server!.ConnectionString;
        double? baseline = null;
        foreach (var workers in new[] { 1, 2, 4 })
        {
            var database = $"bench_workers_{workers}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database}", connection);
                await drop.ExecuteNonQueryAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }

            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
            var rate = await MeasureAsync(connectionString, items, workers);
            baseline ??= rate;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workers={workers} items={items} issuerWaitMs=1 items/s={rate:F0} ratio={rate / baseline.Value:F2}"));
        }
    }

    private static async Task<double> MeasureAsync(string connectionString, long items, int workers)
    {
        var options = new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString, AllowPlaintext = true };
        var instances = Enumerable.Range(0, workers).Select(n => new Instance(options, "w" + n.ToString(CultureInfo.InvariantCulture))).ToList();
        try
        {
            var batch = new Source(items);
            var stopwatch = Stopwatch.StartNew();
            var summaries = await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.Worker.RunAsync(batch.Header, batch))));
            stopwatch.Stop();
            if (summaries.Any(s => s.Succeeded != items))
            {
                throw new InvalidOperationException($"A worker reports {summaries.Min(s => s.Succeeded)} of {items} items paid.");
            }

            return items / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var instance in instances)
            {
                instance.Dispose();
            }
        }
    }

    private sealed class Instance : IDisposable
    {
        private readonly PostgreSqlTransactionStore _store;
        private readonly PostgreSqlBatchWorkQueue _queue;

        public Instance(PostgreSqlTransactionStoreOptions options, string name)
        {
            _store = new PostgreSqlTransactionStore(options);
            _queue = new PostgreSqlBatchWorkQueue(options);
            // Every instance derives transaction ids under the same per-installation secret (a fixed test value here).
            var ids = Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { Secret = Convert.ToBase64String(new byte[32]) });
            var processor = new PaymentProcessor([], new WaitingIssuer(new InMemoryAuthorizer()), _store, null, null, null, ids);
            var batches = new BatchProcessor(processor, new BatchOptions { MaxDegreeOfParallelism = 1 });
            Worker = new BatchWorker(batches, _queue, new BatchWorkerOptions { WorkerId = name, ChunkSize = 50, PollInterval = TimeSpan.FromMilliseconds(50) });
        }

        public BatchWorker Worker { get; }

        public void Dispose()
        {
            _queue.Dispose();
            _store.Dispose();
        }
    }

    /// <summary>An issuer that takes 1 ms to answer an authorization, as a fast real one's round trip.</summary>
    private sealed class WaitingIssuer(IAuthorizer inner) : IAuthorizer
    {
        public string Name => inner.Name;

        public async ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
        {
            await Task.Delay(1, cancellationToken);
            return await inner.AuthorizeAsync(request, cancellationToken);
        }

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);
    }

    private sealed class Source(long count) : IBatchSource
    {
        public BatchHeader Header => new()
        {
            BatchId = "BENCH-1",
            MerchantId = "bench",
            DebtorAccount = "DE89370400440532013000",
            DeclaredNumberOfTransactions = count,
        };

        public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (long i = 1; i <= count; i++)
            {
                yield return new BatchItem
                {
                    EndToEndId = "E2E-" + i.ToString(CultureInfo.InvariantCulture),
                    Amount = Money.FromMinor(100 + (i % 1000), Currency.EUR),
                    CreditorAccount = "FR1420041010050500013M02606",
                };
            }

            await Task.CompletedTask;
        }
    }
}
