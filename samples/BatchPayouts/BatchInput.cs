using System.Text;
using PaymentCore.Ach.Batch;
using PaymentCore.Ach.Reading;
using PaymentCore.Ach;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022;

namespace BatchPayouts;

/// <summary>An input file opened as a batch: its format, header and items, and the name of the original message for reports.</summary>
internal sealed record BatchInput(string Format, string OriginalMessageName, BatchHeader Header, IBatchSource Source, AchBatchSource? Ach)
{
    /// <summary>Opens a pain.001 (.xml), NACHA (.ach) or payroll CSV file; the format comes from the extension, else the first bytes.</summary>
    /// <exception cref="FormatException">The file cannot be read as a batch (pain.001, ACH and CSV errors all derive from it).</exception>
    public static async Task<BatchInput> OpenAsync(Options options, CancellationToken cancellationToken)
    {
        switch (Detect(options.Input))
        {
            case Kind.Pain001:
                {
                    var pain = Pain001BatchSource.FromFile(options.Input);
                    var scanned = await pain.ScanAsync(cancellationToken);
                    var format = "pain.001." + (scanned.Version == Pain001Version.V09 ? "001.09" : "001.03");

                    // Block totals (NbOfTxs, CtrlSum of each PmtInf) are in the header: the batch engine checks them.
                    return new BatchInput(format, format, Pain001BatchSource.CreateHeader(scanned, options.Merchant), pain, null);
                }

            case Kind.Ach:
                {
                    var ach = await AchBatchSource.FromFileAsync(options.Input, new AchReaderOptions { LenientBlockCount = options.LenientAch }, cancellationToken);
                    return new BatchInput("nacha-ach", "nacha-ach", ach.CreateHeader(options.Merchant, options.Debtor), ach, ach);
                }

            default:
                {
                    var csv = PayrollCsvBatchSource.FromFile(options.Input);
                    var header = PayrollCsvBatchSource.CreateHeader(await csv.ComputeBatchIdAsync(cancellationToken), options.Merchant, options.Debtor);
                    return new BatchInput("csv", "payroll.csv", header, csv, null);
                }
        }
    }

    private enum Kind
    {
        Pain001,
        Ach,
        Csv,
    }

    private static Kind Detect(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".xml", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Pain001;
        }

        if (extension.Equals(".ach", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Ach;
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Csv;
        }

        // No telling extension: XML starts with '<' once a byte-order mark and white space are skipped; a NACHA file
        // with "101" (a file header record, priority code 01).
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[64];
        var read = stream.Read(head);
        var text = Encoding.UTF8.GetString(head[..read]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('<') ? Kind.Pain001 : text.StartsWith("101", StringComparison.Ordinal) ? Kind.Ach : Kind.Csv;
    }
}
