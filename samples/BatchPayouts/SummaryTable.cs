using System.Globalization;
using PaymentCore.Batch;
using Spectre.Console;

namespace BatchPayouts;

/// <summary>The summary a person reads: the header line, totals per currency (never added across currencies), counts in a row of their own, the items not paid.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter stdout, bool interactive, Options options, string format, BatchHeader header, BatchSummary summary, RunReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });

        // Piped output has no terminal width: Spectre would assume 80 columns and wrap the header and the reasons.
        if (!interactive)
        {
            console.Profile.Width = 240;
        }

        var line = $"{options.Input} ({format}), batch {header.BatchId}: {summary.StatusCode}";
        if (interactive)
        {
            console.MarkupLine($"[bold]{Markup.Escape(options.Input)}[/] ({format}), batch [bold]{Markup.Escape(header.BatchId)}[/]: [bold]{summary.StatusCode}[/]");
        }
        else
        {
            stdout.WriteLine(line);
        }

        if (summary.RejectionReason is not null)
        {
            console.MarkupLine($"[red]{Markup.Escape(summary.RejectionReason)}[/]");
        }

        if (report.Recovery.Examined > 0)
        {
            var r = report.Recovery;
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"Recovery of the last run: {r.Examined} record(s) examined, {r.Captured} captured, {r.Voided} voided, {r.Failed} failed, {r.Unresolved} unresolved.")));
        }

        var totals = new Table().AddColumns("Currency", "Transactions", "Amount", "Paid", "Not paid", "Pending");
        foreach (var (currency, c) in report.Currencies)
        {
            totals.AddRow(currency, Num(c.Count), Num(c.Total), Num(c.Succeeded), Num(c.Failed), Num(c.Pending));
        }

        // Amounts of different currencies never add up: the last row counts items only.
        totals.AddRow("[bold]items[/]", Num(summary.TotalItems), string.Empty, Num(summary.Succeeded), Num(summary.Failed), Num(summary.Pending));
        console.Write(totals);

        if (report.Rejected.Count > 0)
        {
            var rejected = new Table().AddColumns("End-to-end id", "Line", "Status", "Code", "Reason");
            foreach (var r in report.Rejected)
            {
                rejected.AddRow(Markup.Escape(r.EndToEndId), Num(r.Line), r.Status, r.ReasonCode, Markup.Escape(r.Reason));
            }

            console.Write(rejected);
        }

        if (summary.Pending > 0)
        {
            console.MarkupLine(Markup.Escape($"{Num(summary.Pending)} item(s) are unresolved: their outcome is not known yet. They are not paid and not failed; run the batch again later and recovery will settle them."));
        }

        if (summary.Replayed > 0)
        {
            console.MarkupLine($"{summary.Replayed} item(s) were already done by an earlier run and were not paid again.");
        }

        if (report.EventsDispatched > 0)
        {
            console.MarkupLine($"{report.EventsDispatched} payment event(s) dispatched from the outbox.");
        }

        if (options.Report is not null)
        {
            console.MarkupLine($"{(format == "nacha-ach" ? "ACH returns report" : "pain.002 status report")} written to [bold]{Markup.Escape(options.Report)}[/].");
        }
    }

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
