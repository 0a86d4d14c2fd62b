using System.Diagnostics;
using System.Globalization;
using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks.StoreWrites;

/// <summary>
/// Issue 11's store benchmark, one whole process: each durable store against its raw baseline (<see cref="RawSqlitePayments"/>,
/// <see cref="RawPostgresPayments"/>), one caller, where one operation is a whole payment's writes
/// (<see cref="WholePayment"/>: three commits); and 100-payment batches of creations. Within a round the sides of a comparison
/// take turns, five payments (two batches) at a time, in an order that reverses at every turn (raw, store, store with
/// audit; then the other way), so a disk stall or a noisy neighbour hits one turn of one round, and drift hits every
/// side alike. The report is the
/// median over rounds, and the store/raw ratio is taken within each round before its median is.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/PaymentCore.Benchmarks -- stores [rounds] [payments] [batches]</c>.
/// Not thread-safe.
/// </remarks>
public static class StoreWritesMeasurement
{
    private const int BatchSize = 100;
    private const int PaymentChunk = 5;
    private const int BatchChunk = 2;
    private static long _counter;

    /// <summary>Runs the measurement and prints the tables.</summary>
    /// <param name="rounds">How many times every cell runs (after one warm-up round that is not counted).</param>
    /// <param name="payments">Whole payments per single-payment cell.</param>
    /// <param name="batches">Batches of 100 per batch cell.</param>
    /// <param name="output">Where to print.</param>
    /// <returns>A task that completes when done.</returns>
    public static async Task RunAsync(int rounds, int payments, int batches, TextWriter output)
    {
        using var targets = StoreWriteTargets.Start();
        output.WriteLine($"PostgreSQL fsync/synchronous_commit: {targets.PostgresDurability}; SQLite WAL, synchronous=FULL on both sides");
        var cells = new Cell[]
        {
            new("sqlite", "raw", false, () => 0, () => { targets.SqliteRaw.WritePayment(WholePayment.Rows(Key(), TimeProvider.System.GetUtcNow())); return Task.CompletedTask; }),
            new("sqlite", "store", false, () => targets.SqliteStore.Commits, async () => await WholePayment.WriteAsync(targets.SqliteWriter, Key(), TimeProvider.System.GetUtcNow())),
            new("sqlite", "store+audit", false, () => targets.SqliteStore.Commits, async () => await WholePayment.WriteAsync(targets.SqliteAuditedWriter, Key(), TimeProvider.System.GetUtcNow())),
            new("sqlite", "raw", true, () => 0, () => { targets.SqliteRaw.CreateMany(Batch()); return Task.CompletedTask; }),
            new("sqlite", "store", true, () => targets.SqliteStore.Commits, async () => await targets.SqliteStore.CreateManyAsync(Batch())),
            new("postgresql", "raw", false, () => 0, () => targets.PostgresRaw.WritePaymentAsync(WholePayment.Rows(Key(), TimeProvider.System.GetUtcNow()))),
            new("postgresql", "store", false, () => targets.PostgresStore.Commits, async () => await WholePayment.WriteAsync(targets.PostgresWriter, Key(), TimeProvider.System.GetUtcNow())),
            new("postgresql", "store+audit", false, () => targets.PostgresStore.Commits, async () => await WholePayment.WriteAsync(targets.PostgresAuditedWriter, Key(), TimeProvider.System.GetUtcNow())),
            new("postgresql", "raw", true, () => 0, () => targets.PostgresRaw.CreateManyAsync(Batch())),
            new("postgresql", "store", true, () => targets.PostgresStore.Commits, async () => await targets.PostgresStore.CreateManyAsync(Batch())),
        };

        // The warm-up round fills the connection pools, compiles the statements and JITs both sides; not counted.
        foreach (var cell in cells)
        {
            await cell.RunAsync(Math.Max(2, (cell.Batch ? batches : payments) / 5), record: false);
        }

        for (var round = 0; round < rounds; round++)
        {
            var line = new List<string>();
            foreach (var group in cells.GroupBy(c => (c.Database, c.Batch)))
            {
                // The sides take turns in chunks (raw, store, audited; then back), so the disk's slow and fast
                // seconds fall on all of them alike within the round.
                var sides = group.ToList();
                var total = group.Key.Batch ? batches : payments;
                var chunk = group.Key.Batch ? BatchChunk : PaymentChunk;
                for (var done = 0; done < total; done += chunk)
                {
                    var turn = (done / chunk) % 2 == 0 ? sides : Enumerable.Reverse(sides);
                    foreach (var cell in turn)
                    {
                        await cell.RunAsync(Math.Min(chunk, total - done), record: true);
                    }
                }

                foreach (var cell in sides)
                {
                    line.Add(string.Create(CultureInfo.InvariantCulture, $"{cell.Name} {cell.EndRound():F0}"));
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1,2}/{rounds} µs/payment: {string.Join("; ", line)}"));
        }

        Report(cells, payments, batches, output);
    }

    private static string Key() => "bench-" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    private static (TransactionRecord Record, PaymentEvent Event)[] Batch()
    {
        var now = TimeProvider.System.GetUtcNow();
        var batch = new (TransactionRecord, PaymentEvent)[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = WholePayment.Created(Key(), now);
        }

        return batch;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Percentile(Cell cell, double p)
    {
        var sorted = cell.Latencies.Order().ToArray();
        return sorted[Math.Max(0, Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1))] * 1000.0 / Stopwatch.Frequency;
    }

    private static void Report(Cell[] cells, int payments, int batches, TextWriter output)
    {
        string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        output.WriteLine();
        output.WriteLine($"Whole payment (create + authorize with capture intent + capture: 3 commits), one caller, {payments} payments per cell:");
        output.WriteLine("| database | side | µs/payment (median of rounds) | rounds min–max | p50 / p99 payment ms | commits/payment | rate ÷ raw (median of rounds) | rounds min–max | p50 raw ÷ p50 side |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        Table(cells.Where(c => !c.Batch), WholePayment.Writes);
        output.WriteLine();
        output.WriteLine($"Batch of {BatchSize} creations in one transaction (record + outbox row each), {batches} batches per cell, per payment:");
        output.WriteLine("| database | side | µs/payment (median of rounds) | rounds min–max | p50 / p99 batch ms | commits/batch | rate ÷ raw (median of rounds) | rounds min–max | p50 raw ÷ p50 side |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        Table(cells.Where(c => c.Batch), 1);

        void Table(IEnumerable<Cell> selected, int expectedCommits)
        {
            foreach (var group in selected.GroupBy(c => c.Database))
            {
                var raw = group.Single(c => c.Side == "raw");
                foreach (var cell in group)
                {
                    // Within a round both sides ran back to back: the ratio of that round is the fair comparison.
                    var ratios = cell.PerPayment.Zip(raw.PerPayment, (store, baseline) => baseline / store).ToArray();
                    var p50 = Percentile(cell, 0.50);
                    var p99 = Percentile(cell, 0.99);

                    // The mean carries every stall of the shared disk; the median latency of the interleaved
                    // operations is the comparison a stall cannot move.
                    var p50Ratio = Percentile(raw, 0.50) / p50;
                    var commits = cell.Side == "raw" ? F(expectedCommits, "F2") : F(cell.CommitsPerOperation, "F2");
                    output.WriteLine($"| {cell.Database} | {cell.Side} | {F(Median(cell.PerPayment), "N0")} | {F(cell.PerPayment.Min(), "N0")}–{F(cell.PerPayment.Max(), "N0")} | {F(p50, "F2")} / {F(p99, "F2")} | {commits} | {(cell.Side == "raw" ? "1" : F(Median(ratios), "F2"))} | {(cell.Side == "raw" ? "—" : F(ratios.Min(), "F2") + "–" + F(ratios.Max(), "F2"))} | {(cell.Side == "raw" ? "1" : F(p50Ratio, "F2"))} |");
                }
            }
        }
    }

    /// <summary>One side of one comparison: what one operation is, and what every round measured.</summary>
    private sealed class Cell(string database, string side, bool batch, Func<long> commits, Func<Task> operation)
    {
        public string Database => database;

        public string Side => side;

        public bool Batch => batch;

        public string Name => $"{database} {side}{(batch ? " batch" : string.Empty)}";

        /// <summary>Gets the mean time per payment of each round, in microseconds.</summary>
        public List<double> PerPayment { get; } = [];

        /// <summary>Gets every operation's latency, in stopwatch ticks.</summary>
        public List<long> Latencies { get; } = [];

        public double CommitsPerOperation => (double)_commits / Latencies.Count;

        private long _commits;

        private long _roundTicks;
        private int _roundOperations;

        /// <summary>Runs operations; when recording, adds their time to the round's and their commits to the total.</summary>
        public async Task RunAsync(int operations, bool record)
        {
            var commits0 = commits();
            for (var i = 0; i < operations; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await operation();
                var elapsed = Stopwatch.GetTimestamp() - t0;
                if (record)
                {
                    Latencies.Add(elapsed);
                    _roundTicks += elapsed;
                }
            }

            if (record)
            {
                _roundOperations += operations;
                _commits += commits() - commits0;
            }
        }

        /// <summary>Closes the round: its mean time per payment joins <see cref="PerPayment"/>.</summary>
        /// <returns>That mean, in microseconds.</returns>
        public double EndRound()
        {
            var perPayment = _roundTicks * 1_000_000.0 / Stopwatch.Frequency / (_roundOperations * (batch ? BatchSize : 1));
            PerPayment.Add(perPayment);
            _roundTicks = 0;
            _roundOperations = 0;
            return perPayment;
        }
    }
}
