using System.Globalization;
using PaymentCore.Batch;

namespace BatchPayouts;

/// <summary>
/// Progress for logs: when output is redirected there is no bar, so a line goes to standard error every few seconds
/// (the engine throttles reports by <see cref="BatchOptions.ProgressInterval"/>), and logs of long runs show work moving.
/// Synchronous on purpose: <see cref="Progress{T}"/> would post to the thread pool and lines could come out of order.
/// </summary>
internal sealed class ProgressLines(TextWriter stderr) : IProgress<BatchProgress>
{
    private readonly Lock _gate = new();

    public void Report(BatchProgress value)
    {
        var ic = CultureInfo.InvariantCulture;
        string line = value.Phase switch
        {
            BatchPhase.CheckingTotals => string.Create(ic, $"[progress] checking control totals: {value.ItemsDone:N0} items read"),
            BatchPhase.Completed => string.Create(ic, $"[progress] done: {value.ItemsDone:N0} of {value.TotalItems:N0} items, {value.Succeeded:N0} paid, {value.Failed:N0} not paid, {value.Pending:N0} pending"),
            _ => string.Create(ic, $"[progress] {(value.Phase == BatchPhase.Settling ? "settling" : "paying")}: {value.ItemsDone:N0} of {value.TotalItems:N0} items ({Percent(value)}), {value.Succeeded:N0} paid, {value.Failed:N0} not paid, {value.Pending:N0} pending"),
        };

        lock (_gate)
        {
            stderr.WriteLine(line);
        }
    }

    private static string Percent(BatchProgress value) =>
        value.TotalItems is long total && total > 0 ? (value.ItemsDone * 100 / total).ToString(CultureInfo.InvariantCulture) + "%" : "?";
}
