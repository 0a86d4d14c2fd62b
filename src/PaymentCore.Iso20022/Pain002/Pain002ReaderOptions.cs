namespace PaymentCore.Iso20022.Pain002;

/// <summary>Limits for reading pain.002 status reports that come from outside.</summary>
/// <remarks>Thread safety: a mutable options object; do not change it while a read that uses it runs.</remarks>
public sealed class Pain002ReaderOptions
{
    /// <summary>The default <see cref="MaxInputBytes"/>: 512 MiB.</summary>
    public const long DefaultMaxInputBytes = 512L * 1024 * 1024;

    /// <summary>Gets or sets the most bytes read from the stream before the report is refused.</summary>
    /// <value>Default <see cref="DefaultMaxInputBytes"/> (512 MiB). Must be positive.</value>
    public long MaxInputBytes { get; set; } = DefaultMaxInputBytes;
}
