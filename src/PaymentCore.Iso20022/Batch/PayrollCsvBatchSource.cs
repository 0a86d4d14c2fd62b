using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Csv;

namespace PaymentCore.Iso20022.Batch;

/// <summary>The rows of a payroll CSV file as a re-openable batch source (see <see cref="PayrollCsvReader"/> for the format).</summary>
/// <remarks>Thread safety: each <see cref="ReadAsync"/> opens its own stream; safe to read concurrently if the opener is.</remarks>
public sealed class PayrollCsvBatchSource : IBatchSource
{
    private readonly Func<Stream> _open;

    /// <summary>Creates a source that opens its stream with <paramref name="open"/> on every read.</summary>
    /// <param name="open">Opens the file from its beginning; the stream is disposed after each read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="open"/> is <see langword="null"/>.</exception>
    public PayrollCsvBatchSource(Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        _open = open;
    }

    /// <summary>Creates a source over a file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    public static PayrollCsvBatchSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new PayrollCsvBatchSource(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }

    /// <summary>
    /// Makes a batch id from the file's content (a CSV has no message id): "CSV-" and the first 24 hex digits of its
    /// SHA-256, so running the same file again resumes it and a changed file is a new batch.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batch id.</returns>
    public async Task<string> ComputeBatchIdAsync(CancellationToken cancellationToken = default)
    {
        var stream = _open();
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return "CSV-" + Convert.ToHexString(hash, 0, 12);
        }
    }

    /// <summary>Makes the header of a CSV batch: it declares no totals, so none are checked.</summary>
    /// <param name="batchId">The batch id, such as <see cref="ComputeBatchIdAsync"/> gives.</param>
    /// <param name="merchantId">The merchant the payouts are made for.</param>
    /// <param name="debtorAccount">The account every row is paid from.</param>
    /// <returns>The header.</returns>
    public static BatchHeader CreateHeader(string batchId, string merchantId, string debtorAccount) => new()
    {
        BatchId = batchId,
        MerchantId = merchantId,
        DebtorAccount = debtorAccount,
    };

    /// <inheritdoc />
    public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = _open();
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var row in PayrollCsvReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                yield return PayoutBatchItems.ToBatchItem(row.Payout, lineNumber: row.LineNumber);
            }
        }
    }
}
