using System.Globalization;
using System.Runtime.CompilerServices;
using PaymentCore.Ach.Reading;
using PaymentCore.Ach.Records;
using PaymentCore.Batch;
using PaymentCore.Monetary;

namespace PaymentCore.Ach.Batch;

/// <summary>
/// The entries of a validated NACHA file as a batch source. Credits are payouts; debits are collections, which the
/// batch engine does not make, so each is rejected by itself (NARR with the reason; returned as R17, see
/// <see cref="Returns.AchReturnReasonCodes"/>) while the credits are paid. Prenotifications and zero-dollar entries move no money and are reported, not paid.
/// </summary>
/// <remarks>
/// The file is held as read (ACH files are bounded by <see cref="AchReaderOptions.MaxInputBytes"/>), so the source can be
/// read any number of times. Thread safety: immutable; safe to read concurrently.
/// </remarks>
public sealed class AchBatchSource : IBatchSource
{
    /// <summary>Creates a source over a file read with <see cref="AchReader"/>.</summary>
    /// <param name="file">The file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is <see langword="null"/>.</exception>
    public AchBatchSource(AchFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
    }

    /// <summary>Gets the file.</summary>
    /// <value>As read.</value>
    public AchFile File { get; }

    /// <summary>Reads, validates and wraps a NACHA file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How strictly; <see langword="null"/> for the strict defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    /// <exception cref="AchFormatException">The file breaks a rule; nothing of it should be paid.</exception>
    public static async Task<AchBatchSource> FromFileAsync(string path, AchReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return new AchBatchSource(await AchReader.ReadAsync(stream, options, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Makes the batch id of a NACHA file from what NACHA itself uses to tell files apart: the immediate origin, the
    /// creation date and time, and the file ID modifier. The same file sent again is the same batch; a second file of
    /// the day carries another modifier.
    /// </summary>
    /// <returns>Such as <c>ACH-1234567890-2611230815A</c>; at most 32 characters.</returns>
    public string BatchId()
    {
        var h = File.Header;
        string time = h.CreationTime is { } t ? t.ToString("HHmm", CultureInfo.InvariantCulture) : string.Empty;
        return $"ACH-{h.ImmediateOrigin}-{h.CreationDate.ToString("yyMMdd", CultureInfo.InvariantCulture)}{time}{h.FileIdModifier}";
    }

    /// <summary>Makes the batch header: the file's id, its declared entry count and amounts, and each ACH batch's own totals.</summary>
    /// <param name="merchantId">The merchant the payouts are made for.</param>
    /// <param name="debtorAccount">The account the credits are paid from (a NACHA file names the ODFI, not the account).</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentException">An argument is blank.</exception>
    public BatchHeader CreateHeader(string merchantId, string debtorAccount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(debtorAccount);
        return new BatchHeader
        {
            BatchId = BatchId(),
            MerchantId = merchantId,
            DebtorAccount = debtorAccount,
            DebtorName = File.Header.ImmediateOriginName.Length > 0 ? File.Header.ImmediateOriginName : null,
            RequestedExecutionDate = File.Batches.Count > 0 ? File.Batches[0].Header.EffectiveEntryDate : null,

            // The reader has checked the file's own totals; these let the engine check its items against them again.
            DeclaredNumberOfTransactions = File.EntryCount,
            DeclaredControlSum = (File.TotalDebitCents + File.TotalCreditCents) / 100m,
            DeclaredGroupTotals = [.. File.Batches.Select(b => new BatchGroupTotals(GroupId(b), b.Entries.Count, (b.TotalDebitCents + b.TotalCreditCents) / 100m))],
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var batch in File.Batches)
        {
            foreach (var entry in batch.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ToItem(batch, entry);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Maps one entry to a batch item.</summary>
    /// <param name="batch">The entry's batch.</param>
    /// <param name="entry">The entry.</param>
    /// <returns>The item: its trace number as end-to-end id, its amount in cents of the batch's currency (USD unless an IAT batch names another).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static BatchItem ToItem(AchBatch batch, AchEntry entry)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(entry);
        var header = batch.Header;
        var currency = header.OriginatingCurrency is { Length: 3 } code && Currency.TryFromCode(code, out var c) ? c : Currency.USD;
        var item = new BatchItem
        {
            EndToEndId = entry.TraceNumber,
            Amount = Money.FromMinor(entry.AmountCents, currency),
            CreditorName = entry.ReceiverName.Length > 0 ? entry.ReceiverName : null,
            CreditorAccount = entry.RdfiRoutingNumber + "/" + entry.AccountNumber,
            Remittance = entry.RemittanceInformation ?? header.EntryDescription,
            GroupId = GroupId(batch),
            InstructionId = entry.IdentificationNumber.Length > 0 ? entry.IdentificationNumber : null,
            LineNumber = entry.LineNumber,
        };

        if (!entry.IsCredit)
        {
            return item with { PreRejection = new BatchItemRejection(BatchReasonCodes.Narrative, $"Entry {entry.TraceNumber} is a debit (transaction code {entry.TransactionCode}): collections are not supported, only credits are paid.") };
        }

        if (entry.IsNonMonetary)
        {
            return item with { PreRejection = new BatchItemRejection(BatchReasonCodes.Narrative, $"Entry {entry.TraceNumber} is a prenotification or zero-dollar entry (transaction code {entry.TransactionCode}); no money moves.") };
        }

        if (header.SecCode == AchSecCode.IAT && header.DestinationCurrency is { Length: 3 } destination && Currency.TryFromCode(destination, out var to) && to != currency)
        {
            // An IAT credit in one currency to be received in another: the exchange rate provider converts it.
            return item with { TransferCurrency = to };
        }

        return item;
    }

    private static string GroupId(AchBatch batch) => batch.Header.BatchNumber.ToString("D7", CultureInfo.InvariantCulture);
}
