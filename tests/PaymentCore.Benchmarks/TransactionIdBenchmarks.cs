using BenchmarkDotNet.Attributes;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The cost of keying transaction ids (issue 12): HMAC-SHA256 under the installation secret beside the SHA-256 it
/// replaced, on the same length-prefixed input, once per payment. Goal: well under a microsecond, nothing allocated.
/// </summary>
[MemoryDiagnoser]
public class TransactionIdBenchmarks
{
    private readonly byte[] _secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Benchmark(Baseline = true)]
    public TransactionId Unkeyed() => TransactionId.Derive(null, "merchant-1", "order-2026-12-01-000042");

    [Benchmark]
    public TransactionId Keyed() => TransactionId.Derive(_secret, "merchant-1", "order-2026-12-01-000042");
}
