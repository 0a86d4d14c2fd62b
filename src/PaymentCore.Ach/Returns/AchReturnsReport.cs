using System.Globalization;
using PaymentCore.Batch;

namespace PaymentCore.Ach.Returns;

/// <summary>
/// The ACH counterpart of a pain.002: the entries of a batch that were not paid, each with its ACH return reason code,
/// written as CSV (one header row, then one row per return).
/// </summary>
/// <remarks>Thread safety: static; safe to call from any thread.</remarks>
public static class AchReturnsReport
{
    /// <summary>The CSV header row.</summary>
    public const string Header = "trace_number,batch_number,amount,return_reason_code,iso_reason_code,reason";

    /// <summary>Makes the return for an item that was not paid.</summary>
    /// <param name="result">The item's result from the batch engine.</param>
    /// <returns>The return, or <see langword="null"/> when the item was paid or is still pending (a pending item is not failed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static AchReturn? ToReturn(BatchItemResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status is BatchItemStatus.Succeeded or BatchItemStatus.Pending)
        {
            return null;
        }

        long cents = result.Item.Amount.Currency.IsDefault ? 0 : result.Item.Amount.MinorUnits;
        return new AchReturn(result.Item.EndToEndId, result.Item.GroupId, cents, AchReturnReasonCodes.FromIso(result.ReasonCode), result.ReasonCode, result.Reason ?? result.Status.ToString());
    }

    /// <summary>Writes returns as CSV.</summary>
    /// <param name="writer">Where to write; not disposed.</param>
    /// <param name="returns">The returns.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task WriteCsvAsync(TextWriter writer, IEnumerable<AchReturn> returns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(returns);
        await writer.WriteLineAsync(Header.AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var r in returns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string amount = (r.AmountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            await writer.WriteLineAsync($"{r.TraceNumber},{Csv(r.BatchNumber)},{amount},{r.ReturnReasonCode},{Csv(r.IsoReasonCode)},{Csv(r.Reason)}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // Reasons are free text: quote them (RFC 4180) and keep line breaks out of the one-row-per-return layout.
        string flat = value.Replace('\r', ' ').Replace('\n', ' ');
        return flat.AsSpan().IndexOfAny(",\"") >= 0 ? "\"" + flat.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : flat;
    }
}
