namespace PaymentCore.Benchmarks.Throughput;

/// <summary>One measured run: a number of operations (payments, or raw commits) by N concurrent callers.</summary>
/// <param name="Operations">How many completed.</param>
/// <param name="Seconds">How long they took, wall clock.</param>
/// <param name="P50Milliseconds">The median latency of one operation.</param>
/// <param name="P99Milliseconds">The 99th percentile latency.</param>
/// <param name="CommitsPerOperation">Store commits per operation (NaN where a store does not count them).</param>
/// <param name="BytesPerOperation">Bytes allocated by the whole process per operation.</param>
public sealed record ThroughputCell(int Operations, double Seconds, double P50Milliseconds, double P99Milliseconds, double CommitsPerOperation, double BytesPerOperation)
{
    /// <summary>Gets operations per second.</summary>
    public double Rate => Operations / Seconds;

    /// <summary>Builds a cell from per-operation latencies in stopwatch ticks.</summary>
    /// <param name="latencies">The latencies, one array per caller.</param>
    /// <param name="seconds">The wall-clock time.</param>
    /// <param name="commits">Commits counted, or NaN.</param>
    /// <param name="bytes">Bytes allocated.</param>
    /// <returns>The cell.</returns>
    public static ThroughputCell From(long[][] latencies, double seconds, double commits, long bytes)
    {
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        return new ThroughputCell(all.Length, seconds, Percentile(0.50), Percentile(0.99), commits / all.Length, (double)bytes / all.Length);
    }
}
