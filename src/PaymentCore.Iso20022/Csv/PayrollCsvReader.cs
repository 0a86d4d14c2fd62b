using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using PaymentCore.Iso20022.Accounts;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Csv;

/// <summary>
/// Reads the payroll CSV format, streaming: a header row naming the columns <c>end_to_end_id</c>,
/// <c>creditor_name</c>, <c>creditor_iban</c>, <c>creditor_bic</c> (optional column), <c>amount</c>,
/// <c>currency</c>, <c>remittance</c> (optional column) and <c>batch_reference</c> (optional column: the file's own
/// batch reference, the same on every row), in any order, then one payout per row.
/// </summary>
/// <remarks>
/// <para>
/// Parsing is CsvHelper's (RFC 4180 quoting, embedded commas and line breaks); malformed quoting is refused,
/// not recovered, because a recovered row could put an amount in the wrong column.
/// The amount must be digits with an optional '.', no sign, exponent or thousands separator, so that
/// "1,000.00" or "1E3" can never be read as another amount. Header names are matched ignoring case and surrounding
/// whitespace; two columns whose names match that way are refused, and so is a row with more or fewer fields than the
/// header (issue 15, D4: an unquoted comma in a field shifted the amount and the extra field was dropped).
/// </para>
/// <para>
/// The end-to-end id and batch reference must be ISO 20022 Max35Text without control characters, or the file is refused
/// before anything is paid (they go back in the pain.002). A name or remittance text longer than 140 characters or
/// holding a control character (a NUL, say) makes that row's payout unprocessable (CH16): it is reported, never paid.
/// </para>
/// <para>
/// Rows are only read, not checked: run <see cref="Pain001TransactionCheck.Check(PayoutInstruction)"/> on each
/// payout to reject bad accounts with an ISO reason code. A row whose end-to-end id, amount or currency is
/// missing or malformed cannot become a payout at all and raises <see cref="PayrollCsvFormatException"/>.
/// </para>
/// <para>The stream is read from its current position (UTF-8 unless a byte-order mark says otherwise) and not disposed.</para>
/// <para>Thread safety: all members are static and safe to call concurrently on different streams.</para>
/// </remarks>
public static class PayrollCsvReader
{
    /// <summary>The header name of the end-to-end id column (required).</summary>
    public const string EndToEndIdColumn = "end_to_end_id";

    /// <summary>The header name of the creditor name column (required).</summary>
    public const string CreditorNameColumn = "creditor_name";

    /// <summary>The header name of the creditor IBAN column (required).</summary>
    public const string CreditorIbanColumn = "creditor_iban";

    /// <summary>The header name of the creditor BIC column (optional).</summary>
    public const string CreditorBicColumn = "creditor_bic";

    /// <summary>The header name of the amount column (required).</summary>
    public const string AmountColumn = "amount";

    /// <summary>The header name of the currency column (required).</summary>
    public const string CurrencyColumn = "currency";

    /// <summary>The header name of the remittance information column (optional).</summary>
    public const string RemittanceColumn = "remittance";

    /// <summary>The header name of the batch reference column (optional): the file's own id for its batch, the same on every row.</summary>
    public const string BatchReferenceColumn = "batch_reference";

    /// <summary>The longest row, in bytes, the reader accepts: a hostile file cannot make it buffer gigabytes.</summary>
    public const int MaxRowBytes = 64 * 1024;

    
    private static readonly string[] RequiredColumns = [EndToEndIdColumn, CreditorNameColumn, CreditorIbanColumn, AmountColumn, CurrencyColumn];

    /// <summary>Streams the rows of a payroll CSV file.</summary>
    /// <param name="stream">The CSV file; read from its current position, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows in file order, each with its row and line number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/> (thrown when enumeration starts).</exception>
    /// <exception cref="PayrollCsvFormatException">
    /// The file has no header or lacks a required column, or a row is malformed; thrown when that row is reached,
    /// after earlier rows have been returned.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static async IAsyncEnumerable<PayrollCsvRow> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var options = new CsvReaderOptions
        {
            // The format is comma-separated; detecting the separator could read a ';' file as one column.
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,

            // Payroll files must not be "recovered": a broken quote could move an amount into another column.
            MalformedData = CsvMalformedDataHandling.Throw,
            TrackLineNumbers = true,
            FormatProvider = CultureInfo.InvariantCulture,
            MaxRecordSize = MaxRowBytes,
            IncludeValuesInExceptions = false,
        };

        CsvReader csv = CsvReader.Create(stream, options, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            Header header = await ReadHeaderAsync(csv, cancellationToken).ConfigureAwait(false);
            while (await ReadRowAsync(csv, header, cancellationToken).ConfigureAwait(false) is { } row)
            {
                yield return row;
            }
        }
    }

    private static async Task<Header> ReadHeaderAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException ex)
        {
            throw new PayrollCsvFormatException($"The header row cannot be read: {UntrustedText.Quote(ex.Message, 200)}", 0, 1, null, ex);
        }

        IReadOnlyList<string> headers = [.. csv.Headers];
        if (headers.Count == 0)
        {
            throw new PayrollCsvFormatException("The file is empty; a header row is required.", 0, 1, null);
        }

        // Names match ignoring case and surrounding whitespace (CsvHelper's fallback), so two names equal that way
        // would make a lookup pick one silently: refuse them, naming both columns.
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < headers.Count; i++)
        {
            string name = headers[i].Trim();
            if (seen.TryGetValue(name, out int first))
            {
                throw new PayrollCsvFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"The header names '{UntrustedText.Quote(name)}' twice (columns {first + 1} and {i + 1}); each column must appear once."), 0, 1, UntrustedText.Quote(name));
            }

            seen[name] = i;
        }

        foreach (string column in RequiredColumns)
        {
            if (!seen.ContainsKey(column))
            {
                throw new PayrollCsvFormatException(
                    $"The header has no '{column}' column; required columns are {string.Join(", ", RequiredColumns)}.", 0, 1, column);
            }
        }

        return new Header(headers.Count, seen.ContainsKey(CreditorBicColumn), seen.ContainsKey(RemittanceColumn), seen.ContainsKey(BatchReferenceColumn));
    }

    private sealed record Header(int FieldCount, bool HasBic, bool HasRemittance, bool HasBatchReference);

    private static async Task<PayrollCsvRow?> ReadRowAsync(CsvReader csv, Header header, CancellationToken cancellationToken)
    {
        try
        {
            if (!await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (CsvFormatException ex)
        {
            // CsvHelper counts the header as record 1; rows here do not.
            throw new PayrollCsvFormatException($"The row cannot be read as CSV: {UntrustedText.Quote(ex.Message, 200)}", Math.Max(0, ex.RecordNumber - 1), ex.LineNumber, null, ex);
        }

        long row = csv.RowNumber;
        long line = csv.LineNumber;
        if (csv.FieldCount != header.FieldCount)
        {
            // D4: an unquoted comma in "Bonus, 5" made 7 fields of 6, and the amount column read "5".
            throw new PayrollCsvFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The row has {csv.FieldCount} fields; the header has {header.FieldCount}. Quote a field that contains a comma."), row, line, null);
        }

        string endToEndId = Required(csv, EndToEndIdColumn, row, line);
        if (IsoText.CheckIdentifier(endToEndId, "The end-to-end id") is { } idProblem)
        {
            throw new PayrollCsvFormatException(idProblem, row, line, EndToEndIdColumn);
        }

        string? batchReference = header.HasBatchReference ? Optional(csv, BatchReferenceColumn) : null;
        if (batchReference is not null && IsoText.CheckIdentifier(batchReference, "The batch reference") is { } referenceProblem)
        {
            throw new PayrollCsvFormatException(referenceProblem, row, line, BatchReferenceColumn);
        }

        string amountText = Required(csv, AmountColumn, row, line);
        string currency = Required(csv, CurrencyColumn, row, line);
        decimal amount = ParseAmount(amountText, row, line);

        string? iban = Optional(csv, CreditorIbanColumn);
        string? name = Optional(csv, CreditorNameColumn);
        string? remittance = header.HasRemittance ? Optional(csv, RemittanceColumn) : null;

        // D11: a NUL (or any control character) in a name was stored; such a payout is reported, never paid.
        string? textProblem = (name is null ? null : IsoText.CheckText(name, "The creditor name"))
            ?? (remittance is null ? null : IsoText.CheckText(remittance, "The remittance information"));
        var payout = new PayoutInstruction(
            EndToEndId: endToEndId,
            InstructionId: null,
            Amount: amount,
            Currency: currency,
            CreditorName: name,
            CreditorIban: iban is null ? null : Iban.Normalize(iban),
            CreditorOtherAccountId: null,
            CreditorAgentBic: header.HasBic ? Optional(csv, CreditorBicColumn) : null,
            RemittanceInformation: remittance)
        {
            Unprocessable = textProblem is null ? null : PayoutCheckResult.Reject(PaymentCore.Batch.BatchReasonCodes.ElementContentFormallyIncorrect, textProblem),
        };
        return new PayrollCsvRow(row, line, payout) { BatchReference = batchReference };
    }

    private static string Required(CsvReader csv, string column, long row, long line)
    {
        string value = csv.GetString(column);
        if (value.Length == 0)
        {
            throw new PayrollCsvFormatException("The value is missing; it is required.", row, line, column);
        }

        return value;
    }

    private static string? Optional(CsvReader csv, string column)
    {
        string value = csv.GetString(column);
        return value.Length == 0 ? null : value;
    }

    private static decimal ParseAmount(string text, long row, long line)
    {
        if (text[0] == '-')
        {
            throw new PayrollCsvFormatException($"The amount '{UntrustedText.Quote(text)}' is negative; payouts are positive amounts.", row, line, AmountColumn);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
        {
            throw new PayrollCsvFormatException(
                $"The amount '{UntrustedText.Quote(text)}' is not a decimal number (digits with an optional '.', no sign, exponent or thousands separator).", row, line, AmountColumn);
        }

        return amount;
    }
}
