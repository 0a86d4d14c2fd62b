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

    /// <summary>
    /// Gets the namespaces of national variants that keep the ISO structure, each with the ISO version it follows.
    /// A document's namespace must equal one of these, or an ISO namespace (<c>urn:iso:std:iso:20022:tech:xsd:pain.001.001.03</c>
    /// or <c>.09</c>), exactly: a namespace that merely contains a version id is refused.
    /// </summary>
    /// <value>
    /// Default: the Swiss SPS 2009 variant <c>http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd</c> as
    /// <see cref="Pain001Version.V03"/> (later Swiss versions use the ISO namespace). Add others before reading.
    /// </value>
    public IDictionary<string, Pain001Version> NationalNamespaces { get; } = new Dictionary<string, Pain001Version>(StringComparer.Ordinal)
    {
        ["http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd"] = Pain001Version.V03,
    };
}
