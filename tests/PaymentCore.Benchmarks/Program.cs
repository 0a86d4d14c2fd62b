// Runs the benchmarks of this assembly, or one measured batch for peak memory. Examples:
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- --filter *Pipeline*
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- --list flat
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- batch-memory 1000000 2
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- throughput 3 1.0
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- batch-workers 2000
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- stores 20 50 10
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using PaymentCore.Benchmarks;

if (args is ["batch-memory", var itemsText, var parallelismText])
{
    // Peak memory is a property of a whole process, which BenchmarkDotNet does not report: one batch, one process.
    var items = long.Parse(itemsText, CultureInfo.InvariantCulture);
    var parallelism = int.Parse(parallelismText, CultureInfo.InvariantCulture);
    var stopwatch = Stopwatch.StartNew();
    await BatchMeasurement.RunBatchAsync(items, parallelism);
    stopwatch.Stop();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"items={items} parallelism={parallelism} seconds={stopwatch.Elapsed.TotalSeconds:F2} items/s={items / stopwatch.Elapsed.TotalSeconds:F0} peakWorkingSetMB={process.PeakWorkingSet64 / 1048576.0:F1} gcHeapMB={GC.GetTotalMemory(false) / 1048576.0:F1}"));
    return;
}

if (args is ["throughput", ..])
{
    // Whole payments under concurrency against the raw commit rate of each database (issue 11): a property of a
    // process (threads, the disk, the server), measured in one, interleaved.
    var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
    var scale = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1.0;
    await PaymentCore.Benchmarks.Throughput.ThroughputMeasurement.RunAsync(rounds, scale, Console.Out);
    return;
}

if (args is ["stores", ..])
{
    // Each durable store against its raw driver, one whole payment's writes per operation (issue 11), the two sides
    // alternating round by round in one process so a disk stall cannot land on one side only.
    var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
    var payments = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
    var batches = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
    await PaymentCore.Benchmarks.StoreWrites.StoreWritesMeasurement.RunAsync(rounds, payments, batches, Console.Out);
    return;
}

if (args is ["batch-workers", ..])
{
    // One batch shared by 1, 2 and 4 workers on PostgreSQL, the issuer waiting 1 ms per item (issue 15).
    var items = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
    await PaymentCore.Benchmarks.BatchWork.BatchWorkersMeasurement.RunAsync(items, Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
