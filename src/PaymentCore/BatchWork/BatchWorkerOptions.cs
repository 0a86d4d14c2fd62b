namespace PaymentCore.BatchWork;

/// <summary>How a <see cref="BatchWorker"/> shares a batch with other workers.</summary>
/// <remarks>A mutable options object: configure it once, before the worker is made. Not thread-safe.</remarks>
public sealed class BatchWorkerOptions
{
    /// <summary>Gets or sets who this worker is, as the queue records it on the chunks it leases (for diagnostics only).</summary>
    /// <value>Defaults to the machine name and process id; not blank, at most 200 characters.</value>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Gets or sets how many items a chunk holds, when this worker is the first to enqueue the batch (later workers use the stored plan).</summary>
    /// <value>Defaults to 100; from 1 to 100,000. Smaller chunks spread work more evenly and lose less to a crash; larger ones claim less often.</value>
    public int ChunkSize { get; set; } = 100;

    /// <summary>Gets or sets how long a claimed chunk stays this worker's without a renewal. The worker renews it while it works (every third of the lease); a crashed worker's chunks are claimed again once it runs out.</summary>
    /// <value>Defaults to 30 seconds; from 1 second to 1 hour. Longer than the slowest single item takes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the worker waits before looking again when every unfinished chunk is leased by another worker.</summary>
    /// <value>Defaults to 1 second; from 10 milliseconds to 1 minute.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
