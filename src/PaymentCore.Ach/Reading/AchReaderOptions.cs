namespace PaymentCore.Ach.Reading;

/// <summary>How strictly <see cref="AchReader"/> reads. Every check is on by default; each option relaxes one, on purpose.</summary>
/// <remarks>Thread safety: a mutable options object; do not change it while a read that uses it runs.</remarks>
public sealed class AchReaderOptions
{
    /// <summary>The default <see cref="MaxInputBytes"/>: 256 MiB (about 2.8 million records).</summary>
    public const long DefaultMaxInputBytes = 256L * 1024 * 1024;

    /// <summary>Gets or sets the most bytes read before the file is refused.</summary>
    /// <value>Default <see cref="DefaultMaxInputBytes"/>; must be positive.</value>
    public long MaxInputBytes { get; set; } = DefaultMaxInputBytes;

    /// <summary>
    /// Gets or sets whether a wrong file control block count, or a file not padded with 9s to a multiple of 10 records,
    /// is accepted. Some originators' software writes no padding; the totals and hashes are still checked.
    /// </summary>
    /// <value>Default <see langword="false"/>: strict.</value>
    public bool LenientBlockCount { get; set; }

    /// <summary>Gets or sets whether an immediate origin (file header 14-23) that is not numeric is accepted (some banks assign letters).</summary>
    /// <value>Default <see langword="false"/>: strict, digits only (a leading space allowed).</value>
    public bool AllowAlphanumericImmediateOrigin { get; set; }
}
