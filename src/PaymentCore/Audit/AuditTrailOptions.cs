namespace PaymentCore.Audit;

/// <summary>Configures an <see cref="AuditTrail"/>.</summary>
/// <remarks>A mutable options object: configure it once, before the trail is made. Not thread-safe.</remarks>
public sealed class AuditTrailOptions
{
    /// <summary>Gets or sets after how many entries <see cref="AuditTrail.AppendAsync"/> signs a checkpoint.</summary>
    /// <value>
    /// Defaults to 100: an entry whose sequence is a multiple of it gets a checkpoint. 0 turns automatic checkpoints
    /// off (call <see cref="AuditTrail.CheckpointAsync"/> yourself). Entries appended by a store inside its own
    /// transactions do not pass through the trail: call <see cref="AuditTrail.CheckpointAsync"/> on a timer for them.
    /// </value>
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>Gets or sets how many entries verification reads per page.</summary>
    /// <value>Defaults to 1000; 2 to 100,000.</value>
    public int VerifyPageSize { get; set; } = 1000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    public void Validate() => AuditTrailOptionsValidator.Instance.ThrowIfInvalid(this);
}
