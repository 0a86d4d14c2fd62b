using System.Text;
using PaymentCore.Ach.Records;

namespace PaymentCore.Ach.Reading;

/// <summary>
/// Reads NACHA ACH files (PPD, CCD, CTX, WEB, TEL and IAT batches) and validates them the way the reference validators
/// do: every record's length and type, routing check digits, each batch's and the file's counts, entry hash and debit
/// and credit totals, block count, ascending batch numbers, service class codes against transaction codes, and a
/// numeric immediate origin. Records may have their trailing blanks trimmed and the last line may lack its newline.
/// </summary>
/// <remarks>
/// <para>
/// Every error names its line, field (with positions), the declared value and the computed one; all errors found are
/// reported together (<see cref="AchFormatException.Errors"/>), except that reading stops at a record out of order.
/// Strict by default; <see cref="AchReaderOptions"/> relaxes single checks.
/// </para>
/// <para>Thread safety: static; safe to call concurrently on different streams. The stream is not disposed.</para>
/// </remarks>
public static class AchReader
{
    /// <summary>The length of every NACHA record.</summary>
    public const int RecordLength = 94;

    /// <summary>Reads and validates a NACHA file.</summary>
    /// <param name="stream">The file, from its current position; ASCII.</param>
    /// <param name="options">How strictly; <see langword="null"/> for the strict defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="AchFormatException">The file breaks a rule; nothing of it should be paid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<AchFile> ReadAsync(Stream stream, AchReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new AchReaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxInputBytes, nameof(options) + "." + nameof(AchReaderOptions.MaxInputBytes));

        var lines = new List<string>();
        long total = 0;
        using (var reader = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true))
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                total += line.Length + 1;
                if (total > options.MaxInputBytes)
                {
                    throw new AchFormatException([new AchValidationError(lines.Count + 1, "File", null, null, $"The file is larger than the limit of {options.MaxInputBytes} bytes (AchReaderOptions.MaxInputBytes).")]);
                }

                lines.Add(line);
            }
        }

        // A missing final newline is tolerated by ReadLine; trailing empty lines are tolerated too.
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new AchParser(options).Parse(lines);
    }
}
