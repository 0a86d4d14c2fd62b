using System.Runtime.CompilerServices;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>
/// Reads ISO 20022 pain.001 Customer Credit Transfer Initiation messages, versions 001.001.03 and 001.001.09
/// (and national variants that keep the ISO structure under their own namespace, such as Swiss SPS), streaming,
/// so memory stays flat for files of millions of transactions.
/// </summary>
/// <remarks>
/// <para>
/// Two passes, because control totals must be checked before any money moves and the file may be too large
/// to hold: first <see cref="ScanAsync"/> on the whole file, then, if its <see cref="Pain001Summary.Mismatches"/>
/// are acceptable, <see cref="ReadTransactionsAsync"/> on a fresh stream of the same file.
/// </para>
/// <para>
/// Files may be hostile: DTDs are prohibited (no external entities, no entity expansion), no resolver is used,
/// and the bytes read are capped by <see cref="Pain001ReaderOptions.MaxInputBytes"/>. Every problem with the file
/// raises a <see cref="Pain001FormatException"/> that says what is wrong and where.
/// </para>
/// <para>The streams are read from their current position and are not disposed.</para>
/// <para>Thread safety: all members are static and safe to call concurrently on different streams.</para>
/// </remarks>
public static class Pain001Reader
{
    /// <summary>Reads the whole message and returns its header, its blocks and its declared and actual control totals.</summary>
    /// <param name="stream">The pain.001 file, read from its current position; not disposed.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary. Control-total mismatches are reported in it, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Pain001ReaderOptions.MaxInputBytes"/> is not positive.</exception>
    /// <exception cref="Pain001FormatException">The file is not a readable pain.001 message of a supported version.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static async Task<Pain001Summary> ScanAsync(Stream stream, Pain001ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        using Pain001Parser parser = Pain001Parser.Create(stream, options, collectBlockSummaries: true);
        while (await parser.NextAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
        }

        return parser.BuildSummary();
    }

    /// <summary>Streams the message's transactions in file order, each with its block.</summary>
    /// <param name="stream">The pain.001 file, read from its current position; not disposed.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transactions. Control totals are not checked here: call <see cref="ScanAsync"/> first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/> (thrown when enumeration starts).</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Pain001ReaderOptions.MaxInputBytes"/> is not positive.</exception>
    /// <exception cref="Pain001FormatException">
    /// The file is not a readable pain.001 message; thrown at the point of the problem, so transactions before it
    /// have already been returned. That is why <see cref="ScanAsync"/> should have passed first.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static async IAsyncEnumerable<Pain001Transaction> ReadTransactionsAsync(
        Stream stream,
        Pain001ReaderOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using Pain001Parser parser = Pain001Parser.Create(stream, options, collectBlockSummaries: false);
        while (await parser.NextAsync(cancellationToken).ConfigureAwait(false) is { } transaction)
        {
            yield return transaction;
        }
    }
}
