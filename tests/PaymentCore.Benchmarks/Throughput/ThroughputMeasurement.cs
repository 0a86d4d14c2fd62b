using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.PostgreSql;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using PaymentCore.Transactions;
using PaymentCore.Testing.Transactions;

namespace PaymentCore.Benchmarks.Throughput;

/// <summary>
/// Issue 11's end-to-end measurement, one whole process: <see cref="PaymentProcessor.ProcessAsync(PaymentCore.Payments.PaymentRequest, System.Threading.CancellationToken)"/> with automatic
/// capture, three rules (allowed currencies, amount limit, 2.9 % + 0.30 fee), every payment approved (an approving
/// authorizer with no balance to run out), N = 1, 8 and 64 concurrent callers, on the in-memory, SQLite and
/// PostgreSQL stores. Each durable cell is followed, in the same round, by the raw baseline of that database: N
/// writers each committing one small row per transaction at the same durability (SQLite WAL + synchronous=FULL;
/// PostgreSQL with the server's defaults, fsync on). Rounds repeat the whole sequence, so a disk stall hits one
/// cell of one round; the report is the median of the rounds.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/PaymentCore.Benchmarks -- throughput [rounds] [scale]</c>.
/// Delivery of events (the OutboxDispatcher) is not part of a payment and does not run here. Not thread-safe.
/// </remarks>
public static class ThroughputMeasurement
{
    private static readonly int[] Callers = [1, 8, 64];

    /// <summary>Runs the measurement and prints the tables.</summary>
    /// <param name="rounds">How many times to repeat every cell.</param>
    /// <param name="scale">Multiplies the number of payments per cell.</param>
    /// <param name="output">Where to print.</param>
    /// <returns>A task that completes when done.</returns>
    public static async Task RunAsync(int rounds, double scale, TextWriter output)
    {
        var folder = Directory.CreateTempSubdirectory("paymentcore-throughput-").FullName;
        PostgresServer? server = null;
        var pg = Environment.GetEnvironmentVariable("PAYMENTCORE_BENCH_PG") ?? (server = PostgresServer.Start()).ConnectionString;
        try
        {
            var pgStore = await CreateDatabaseAsync(pg, "pc_tp_store");
            var pgRaw = await CreateDatabaseAsync(pg, "pc_tp_raw");
            await using (var raw = new NpgsqlConnection(pgRaw))
            {
                await raw.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE raw (id bigserial PRIMARY KEY, v bigint NOT NULL)", raw);
                await create.ExecuteNonQueryAsync();
                await using var settings = new NpgsqlCommand("SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')", raw);
                output.WriteLine($"PostgreSQL fsync/synchronous_commit: {await settings.ExecuteScalarAsync()}; audit {(Audit ? "on" : "off")} (the processor's default is on); one-step sale {(Sale ? "on" : "off")}");
            }

            var sqlitePath = Path.Combine(folder, "store.db");
            var rawPath = Path.Combine(folder, "raw.db");
            using (var rawSetup = OpenRawSqlite(rawPath))
            {
                using var create = rawSetup.CreateCommand();
                create.CommandText = "CREATE TABLE raw (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)";
                create.ExecuteNonQuery();
            }

            var results = new Dictionary<(string Store, int Callers), List<ThroughputCell>>();
            void Add(string store, int callers, ThroughputCell cell)
            {
                if (!results.TryGetValue((store, callers), out var list))
                {
                    results[(store, callers)] = list = [];
                }

                list.Add(cell);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {store,-16} N={callers,-3} {cell.Rate,9:F0}/s  p50 {cell.P50Milliseconds,7:F2} ms  p99 {cell.P99Milliseconds,7:F2} ms  commits/op {cell.CommitsPerOperation,5:F2}  bytes/op {cell.BytesPerOperation,8:F0}"));
            }

            using var sqlite = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = "Data Source=" + sqlitePath, AllowPlaintext = true });
            await using var postgres = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = pgStore });
            for (var round = 0; round < rounds; round++)
            {
                output.WriteLine($"round {round + 1} of {rounds}");
                foreach (var callers in Callers)
                {
                    var payments = (int)(scale * callers switch { 1 => 1_500, 8 => 3_000, _ => 6_000 });
                    if (Runs("in-memory"))
                    {
                        Add("in-memory", callers, await PaymentsAsync(new InMemoryTransactionStore(), () => double.NaN, callers, (int)(scale * 40_000), $"m{round}-{callers}"));
                    }

                    if (Runs("sqlite"))
                    {
                        Add("sqlite", callers, await PaymentsAsync(sqlite, () => sqlite.Commits, callers, payments, $"s{round}-{callers}"));
                        Add("sqlite raw", callers, RawSqlite(rawPath, callers, payments * 2));
                    }

                    if (Runs("postgresql"))
                    {
                        Add("postgresql", callers, await PaymentsAsync(postgres, () => postgres.Commits, callers, payments, $"p{round}-{callers}"));
                        Add("postgresql raw", callers, await RawPostgresAsync(pgRaw, callers, payments * 2));
                    }
                }
            }

            Report(results, output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            server?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    // The processor's default is an audited payment path; PAYMENTCORE_THROUGHPUT_AUDIT=off measures it without.
    private static bool Audit => !string.Equals(Environment.GetEnvironmentVariable("PAYMENTCORE_THROUGHPUT_AUDIT"), "off", StringComparison.OrdinalIgnoreCase);

    // PAYMENTCORE_THROUGHPUT_SALE=on gives the processor an authorizer with a one-step sale: two writes per payment, not three.
    private static bool Sale => string.Equals(Environment.GetEnvironmentVariable("PAYMENTCORE_THROUGHPUT_SALE"), "on", StringComparison.OrdinalIgnoreCase);

    // PAYMENTCORE_THROUGHPUT_STORES (a comma-separated subset of in-memory, sqlite, postgresql) runs only those cells.
    private static bool Runs(string store) =>
        Environment.GetEnvironmentVariable("PAYMENTCORE_THROUGHPUT_STORES") is not { Length: > 0 } only
        || only.Split(',', StringSplitOptions.TrimEntries).Contains(store, StringComparer.Ordinal);

    private static async Task<ThroughputCell> PaymentsAsync(ITransactionStore store, Func<double> commits, int callers, int payments, string prefix)
    {
        var processor = new PaymentProcessor(
            [
                new AllowedCurrenciesRule(Currency.USD, Currency.EUR),
                AmountLimitRule.Maximum(Money.FromMajor(10_000m, Currency.USD)),
                FeeRule.For(Currency.USD, 0.029m, fixedMinorUnits: 30),
            ],
            new ApprovingAuthorizer(sells: Sale),
            store,
            Microsoft.Extensions.Options.Options.Create(new PaymentProcessorOptions { Audit = Audit }),
            transactionIds: TestTransactionIds.Options());
        var perCaller = payments / callers;

        // Requests are made before the clock starts, so their bytes are not counted.
        var requests = new PaymentRequest[callers][];
        var latencies = new long[callers][];
        for (var c = 0; c < callers; c++)
        {
            requests[c] = new PaymentRequest[perCaller];
            latencies[c] = new long[perCaller];
            for (var i = 0; i < perCaller; i++)
            {
                requests[c][i] = new PaymentRequest
                {
                    IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{c}-{i}"),
                    MerchantId = "merchant-1",
                    Amount = Money.FromMinor(1_005 + (i % 100), Currency.USD),
                    Payer = TestInstruments.Approves,
                    Payee = "acct_merchant_1",
                };
            }
        }

        GC.Collect();
        var commits0 = commits();
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = requests[c];
            var times = latencies[c];
            for (var i = 0; i < mine.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var result = await processor.ProcessAsync(mine[i]).ConfigureAwait(false);
                times[i] = Stopwatch.GetTimestamp() - t0;
                if (result.Outcome != PaymentOutcome.Approved || result.Status != TransactionStatus.Captured)
                {
                    throw new InvalidOperationException($"{mine[i].IdempotencyKey} was {result.Outcome} ({result.Status}): every payment of the benchmark must be approved and captured.");
                }
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        return ThroughputCell.From(latencies, seconds, commits() - commits0, bytes);
    }

    private static ThroughputCell RawSqlite(string path, int writers, int commits)
    {
        var perWriter = commits / writers;
        var latencies = new long[writers][];
        var connections = new SqliteConnection[writers];
        for (var w = 0; w < writers; w++)
        {
            latencies[w] = new long[perWriter];
            connections[w] = OpenRawSqlite(path);
        }

        GC.Collect();
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();

        // One thread per writer, as a plain synchronous SQLite program would have: each waits for the lock in
        // SQLite's busy handler.
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            using var insert = connections[w].CreateCommand();
            insert.CommandText = "INSERT INTO raw (v) VALUES ($v)";
            var v = insert.Parameters.Add("$v", SqliteType.Integer);
            for (var i = 0; i < perWriter; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                using (var transaction = connections[w].BeginTransaction(deferred: false))
                {
                    insert.Transaction = transaction;
                    v.Value = i;
                    insert.ExecuteNonQuery();
                    transaction.Commit();
                }

                latencies[w][i] = Stopwatch.GetTimestamp() - t0;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        return ThroughputCell.From(latencies, seconds, perWriter * writers, bytes);
    }

    private static async Task<ThroughputCell> RawPostgresAsync(string connectionString, int writers, int commits)
    {
        var perWriter = commits / writers;
        var latencies = new long[writers][];
        var connections = new NpgsqlConnection[writers];
        for (var w = 0; w < writers; w++)
        {
            latencies[w] = new long[perWriter];
            connections[w] = new NpgsqlConnection(connectionString);
            await connections[w].OpenAsync();
        }

        GC.Collect();
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var insert = new NpgsqlCommand("INSERT INTO raw (v) VALUES ($1)", connections[w]);
            var v = new NpgsqlParameter<long>();
            insert.Parameters.Add(v);
            await insert.PrepareAsync();
            for (var i = 0; i < perWriter; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                v.TypedValue = i;
                await insert.ExecuteNonQueryAsync();
                latencies[w][i] = Stopwatch.GetTimestamp() - t0;
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        return ThroughputCell.From(latencies, seconds, perWriter * writers, bytes);
    }

    private static SqliteConnection OpenRawSqlite(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=60");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name};", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static void Report(Dictionary<(string Store, int Callers), List<ThroughputCell>> results, TextWriter output)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        output.WriteLine();
        output.WriteLine("| store | N | payments/s | p50 ms | p99 ms | commits/payment | bytes/payment | raw commits/s | payments/s ÷ raw |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var store in (string[])["in-memory", "sqlite", "postgresql"])
        {
            foreach (var callers in Callers)
            {
                if (!results.TryGetValue((store, callers), out var cells))
                {
                    continue;
                }

                var rate = Median(cells.Select(c => c.Rate));
                var raw = results.TryGetValue((store + " raw", callers), out var rawCells) ? Median(rawCells.Select(c => c.Rate)) : double.NaN;
                var commits = Median(cells.Select(c => c.CommitsPerOperation));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {store} | {callers} | {rate:N0} | {Median(cells.Select(c => c.P50Milliseconds)):F2} | {Median(cells.Select(c => c.P99Milliseconds)):F2} | {(double.IsNaN(commits) ? "—" : commits.ToString("F2", CultureInfo.InvariantCulture))} | {Median(cells.Select(c => c.BytesPerOperation)):N0} | {(double.IsNaN(raw) ? "—" : raw.ToString("N0", CultureInfo.InvariantCulture))} | {(double.IsNaN(raw) ? "—" : (rate / raw).ToString("F2", CultureInfo.InvariantCulture))} |"));
            }
        }

        output.WriteLine();
        output.WriteLine("Raw baselines (one small row per transaction): p50 / p99 ms by N");
        foreach (var store in ((string[])["sqlite raw", "postgresql raw"]).Where(s => results.ContainsKey((s, 1))))
        {
            output.WriteLine(store + ": " + string.Join("; ", Callers.Select(n => string.Create(CultureInfo.InvariantCulture,
                $"N={n} {Median(results[(store, n)].Select(c => c.P50Milliseconds)):F2} / {Median(results[(store, n)].Select(c => c.P99Milliseconds)):F2}"))));
        }
    }
}
