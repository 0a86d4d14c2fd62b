namespace PaymentCore.Hosting.Loops;

/// <summary>
/// How often the hosted recovery loop runs (<see cref="Processing.PaymentProcessor.RecoverAsync"/>), how many records
/// one pass takes, and how it backs off after a failing pass. Bound from <see cref="SectionName"/>; validated when
/// the host starts.
/// </summary>
/// <remarks>Not thread-safe: configure it at startup, then only read it.</remarks>
public sealed class RecoveryLoopOptions
{
    /// <summary>The configuration section this is bound from.</summary>
    public const string SectionName = "PaymentCore:Hosting:Recovery";

    /// <summary>Gets or sets whether the loop runs at all.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the wait between the end of one recovery pass and the start of the next.</summary>
    /// <value>Defaults to 30 seconds; 10 milliseconds to 1 hour.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many due records one batch takes; a pass takes batches until one comes back short, at most
    /// <see cref="MaxBatchesPerPass"/>. Sets <see cref="Processing.PaymentProcessorOptions.RecoveryBatchSize"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: the processor's own (100); otherwise 1 to 10,000.</value>
    public int? BatchSize { get; set; }

    /// <summary>Gets or sets the most batches one pass takes before it waits its interval.</summary>
    /// <value>Defaults to 10; 1 to 1,000.</value>
    public int MaxBatchesPerPass { get; set; } = 10;

    /// <summary>Gets or sets the wait after a failing pass; it doubles after each further one.</summary>
    /// <value>Defaults to 5 seconds; 10 milliseconds to 1 hour.</value>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait after failing passes.</summary>
    /// <value>Defaults to 5 minutes; at least <see cref="ErrorBackoff"/>, at most 1 day.</value>
    public TimeSpan MaxErrorBackoff { get; set; } = TimeSpan.FromMinutes(5);
}
