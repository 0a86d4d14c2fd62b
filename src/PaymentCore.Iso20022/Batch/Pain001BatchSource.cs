using System.Runtime.CompilerServices;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Pain001;

namespace PaymentCore.Iso20022.Batch;

/// <summary>
/// The transactions of a pain.001 file as a re-openable batch source: each read opens the file again and streams it,
/// so the batch engine can check control totals and then process a file of millions of transactions in flat memory.
/// </summary>
/// <remarks>Thread safety: each <see cref="ReadAsync"/> opens its own stream; safe to read concurrently if the opener is.</remarks>
public sealed class Pain001BatchSource : IBatchSource
{
    private readonly Func<Stream> _open;
    private readonly Pain001ReaderOptions? _options;

    /// <summary>Creates a source that opens its stream with <paramref name="open"/> on every read.</summary>
    /// <param name="open">Opens the file from its beginning; the stream is disposed after each read.</param>
    /// <param name="options">Reader limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="open"/> is <see langword="null"/>.</exception>
    public Pain001BatchSource(Func<Stream> open, Pain001ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        _open = open;
        _options = options;
    }

    /// <summary>Creates a source over a file.</summary>
    /// <param name="path">The pain.001 file.</param>
    /// <param name="options">Reader limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    public static Pain001BatchSource FromFile(string path, Pain001ReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new Pain001BatchSource(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan), options);
    }

    /// <summary>Reads the whole file once for its header, blocks and control totals (group and block level).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary; mismatches are reported in it.</returns>
    /// <exception cref="Pain001FormatException">The file is not a readable pain.001 message; the message says what and where.</exception>
    public async Task<Pain001Summary> ScanAsync(CancellationToken cancellationToken = default)
    {
        var stream = _open();
        await using (stream.ConfigureAwait(false))
        {
            return await Pain001Reader.ScanAsync(stream, _options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes the batch header from a scanned file: the message id as batch id, the group's and each block's declared totals, the first block's debtor and date.</summary>
    /// <param name="summary">The file's summary from <see cref="ScanAsync"/>.</param>
    /// <param name="merchantId">The merchant the payouts are made for.</param>
    /// <returns>The header; each item carries its own block's debtor account.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="merchantId"/> is blank.</exception>
    public static BatchHeader CreateHeader(Pain001Summary summary, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        var first = summary.PaymentInformation.Count > 0 ? summary.PaymentInformation[0].Block : null;
        return new BatchHeader
        {
            BatchId = summary.MessageId,
            MerchantId = merchantId,
            DebtorAccount = first?.DebtorIban ?? first?.DebtorOtherAccountId ?? "UNKNOWN",
            DebtorName = first?.DebtorName ?? summary.InitiatingPartyName,
            RequestedExecutionDate = first?.RequestedExecutionDate,
            DeclaredNumberOfTransactions = summary.DeclaredNumberOfTransactions,
            DeclaredControlSum = summary.DeclaredControlSum,

            // D7: each block's own NbOfTxs and CtrlSum are checked by the batch engine too, before any money moves.
            DeclaredGroupTotals = [.. summary.PaymentInformation
                .Where(b => b.DeclaredNumberOfTransactions is not null || b.DeclaredControlSum is not null)
                .Select(b => new BatchGroupTotals(b.Block.PaymentInformationId, b.DeclaredNumberOfTransactions, b.DeclaredControlSum))],
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = _open();
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var tx in Pain001Reader.ReadTransactionsAsync(stream, _options, cancellationToken).ConfigureAwait(false))
            {
                yield return PayoutBatchItems.ToBatchItem(tx);
            }
        }
    }
}
