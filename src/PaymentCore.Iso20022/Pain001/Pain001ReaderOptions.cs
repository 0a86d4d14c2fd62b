namespace PaymentCore.Iso20022.Pain001;

/// <summary>Limits for reading pain.001 files that may come from outside.</summary>
/// <remarks>Thread safety: a mutable options object; do not change it while a read that uses it runs.</remarks>
public sealed class Pain001ReaderOptions
{
    /// <summary>The default <see cref="MaxInputBytes"/>: 2 GiB.</summary>
    public const long DefaultMaxInputBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Gets or sets the most bytes read from the stream before the file is refused.</summary>
    /// <value>Default <see cref="DefaultMaxInputBytes"/> (2 GiB). Must be positive.</value>
    public long MaxInputBytes { get; set; } = DefaultMaxInputBytes;
}
