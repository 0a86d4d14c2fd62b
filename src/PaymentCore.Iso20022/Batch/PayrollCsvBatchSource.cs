using System.Buffers.Binary;
using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Csv;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Iso20022.Text;

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
    /// Makes the batch id from the file's content, never from its bytes (issue 15, D2): the same payouts sent again with
    /// other line endings, a trailing newline, other spacing, other column order or their rows reordered are the same
    /// batch, so nobody is paid twice.
    /// </summary>
    /// <remarks>
    /// <para>
    /// When the file has a <c>batch_reference</c> column, the id is that reference, as a pain.001 file's id is its
    /// <c>MsgId</c>; every row must carry the same one. A corrected file sent under the same reference is the same batch, and rows already
    /// paid are replays (a row whose amount or account changed is refused as a conflicting duplicate, AM05).
    /// </para>
    /// <para>
    /// Otherwise the id is <c>CSV</c> and a fingerprint of the normalized rows: each row's values as parsed (amounts
    /// as numbers, so 10.0 and 10.00 agree; IBANs without spaces; names and texts trimmed), hashed with XxHash128, and
    /// the row hashes added up, so row order does not matter and memory stays flat. Any change to any row makes a new
    /// batch. XxHash128 is not cryptographic: the fingerprint tells apart files that differ by accident, which is its job;
    /// it is not meant to resist someone crafting two payroll files with one fingerprint, who could as well send one file
    /// twice under two references.
    /// </para>
    /// </remarks>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batch id, at most 35 characters (ISO 20022 Max35Text, as the pain.002 <c>OrgnlMsgId</c> it becomes).</returns>
    /// <exception cref="PayrollCsvFormatException">A row cannot be read, or the rows disagree on their batch reference.</exception>
    public async Task<string> ComputeBatchIdAsync(CancellationToken cancellationToken = default)
    {
        var stream = _open();
        await using (stream.ConfigureAwait(false))
        {
            UInt128 sum = UInt128.Zero;
            long rows = 0;
            string? reference = null;
            var buffer = new ArrayBufferWriter<byte>(256);
            await foreach (var row in PayrollCsvReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if (rows == 0)
                {
                    reference = row.BatchReference;
                }
                else if (!string.Equals(reference, row.BatchReference, StringComparison.Ordinal))
                {
                    throw new PayrollCsvFormatException(
                        $"The batch reference is '{UntrustedText.Quote(row.BatchReference)}' but earlier rows have '{UntrustedText.Quote(reference)}'; a file is one batch, with one reference on every row.",
                        row.RowNumber,
                        row.LineNumber,
                        PayrollCsvReader.BatchReferenceColumn);
                }

                rows++;
                buffer.ResetWrittenCount();
                WriteNormalized(buffer, row.Payout);
                sum = unchecked(sum + XxHash128.HashToUInt128(buffer.WrittenSpan));
            }

            if (reference is not null)
            {
                return reference;
            }

            Span<byte> total = stackalloc byte[24];
            BinaryPrimitives.WriteUInt128LittleEndian(total, sum);
            BinaryPrimitives.WriteInt64LittleEndian(total[16..], rows);
            // 3 + 32 characters: the batch id goes back in the pain.002 as OrgnlMsgId, a Max35Text.
            return "CSV" + Convert.ToHexString(XxHash128.Hash(total));
        }
    }

    private static void WriteNormalized(ArrayBufferWriter<byte> buffer, PayoutInstruction payout)
    {
        // One field after another, each ended by U+001F (unit separator), which no accepted field can contain.
        Field(buffer, payout.EndToEndId);
        Field(buffer, payout.CreditorName?.Trim());
        Field(buffer, payout.CreditorIban?.ToUpperInvariant());
        Field(buffer, payout.CreditorAgentBic?.Trim().ToUpperInvariant());
        Field(buffer, (payout.Amount / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
        Field(buffer, payout.Currency);
        Field(buffer, payout.RemittanceInformation?.Trim());
    }

    private static void Field(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is not null)
        {
            int max = Encoding.UTF8.GetMaxByteCount(value.Length);
            int written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(max));
            buffer.Advance(written);
        }

        buffer.GetSpan(1)[0] = 0x1F;
        buffer.Advance(1);
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
