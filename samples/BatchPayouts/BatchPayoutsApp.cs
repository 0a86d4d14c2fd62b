using System.Globalization;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Options;
using PaymentCore.Ach.Returns;
using PaymentCore.Ach;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Accounts;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Pain002;
using PaymentCore.Iso20022;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using Spectre.Console;

namespace BatchPayouts;

/// <summary>
/// The sample's entry logic, callable as a library so tests can check its output without spawning a process:
/// reads a pain.001, NACHA ACH or payroll CSV file, finishes what an earlier run left (recovery), runs it as a batch,
/// dispatches the outbox, prints a summary (or one JSON object) and writes pain.002 (or, for ACH, a returns report).
/// </summary>
public static class BatchPayoutsApp
{
    /// <summary>Exit code: the batch ran (its items may still have been rejected one by one).</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the command line is wrong.</summary>
    public const int Usage = 1;

    /// <summary>Exit code: the file cannot be read as a batch (malformed, wrong version, hostile).</summary>
    public const int BadFile = 2;

    /// <summary>Exit code: the file's control totals do not match its transactions; nothing was paid.</summary>
    public const int TotalsMismatch = 3;

    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string UsageText = "usage: BatchPayouts --input FILE(.xml|.ach|.csv) [--store payments.db] [--report status.xml|returns.csv] [--json] [--merchant ID] [--debtor IBAN] [--parallelism N] [--all-or-nothing] [--lenient-ach-blocks]";

    /// <summary>Runs the sample.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where the summary or the JSON object goes.</param>
    /// <param name="stderr">Where errors and, when not interactive, progress lines go.</param>
    /// <param name="interactive">Whether a live progress bar may be drawn (never with --json); otherwise progress lines are written to <paramref name="stderr"/>.</param>
    /// <param name="progressEvery">The least time between two progress lines when not interactive; default 5 seconds.</param>
    /// <param name="cancellationToken">Stops the batch; run again to resume.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false, TimeSpan? progressEvery = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!Options.TryParse(args, out var options, out var usageError))
        {
            await stderr.WriteLineAsync(usageError);
            await stderr.WriteLineAsync(UsageText);
            return Usage;
        }

        if (!File.Exists(options.Input))
        {
            return await FailAsync(options, stdout, stderr, BadFile, $"{options.Input}: file not found.");
        }

        if (!Iban.TryValidate(options.Debtor, out var debtorError))
        {
            // D11: an unvalidated debtor IBAN must never be paid from.
            return await FailAsync(options, stdout, stderr, Usage, "--debtor: " + debtorError);
        }

        // The issuer is the in-memory one: with --store, a re-run finds every finished payment in the store and
        // replays it without asking the issuer, so nothing is paid twice even though the issuer forgot it.
        var issuer = new InMemoryAuthorizer();
        // The store encrypts every document at rest, and refuses to open without a key.
        using var sqlite = options.Store is null ? null : new SqliteTransactionStore(new SqliteTransactionStoreOptions
        {
            ConnectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = options.Store }.ToString(),
            Encryption = await DevelopmentKeys.ForStoreAsync(options.Store, stderr),
        });
        ITransactionStore store = sqlite ?? (ITransactionStore)new InMemoryTransactionStore();

        // Recovery looks at records left unfinished for at least RecoverAfter; one process runs the sample, so a
        // second is enough to tell a record a killed run left behind.
        var processorOptions = Microsoft.Extensions.Options.Options.Create(new PaymentProcessorOptions { RecoverAfter = TimeSpan.FromSeconds(1) });
        // Ids are keyed by a secret; the durable store refuses to start without one. The sample's is a development secret.
        var ids = options.Store is null ? null : Microsoft.Extensions.Options.Options.Create(await DevelopmentKeys.TransactionIdsForStoreAsync(options.Store, stderr));
        var processor = new PaymentProcessor([], issuer, store, processorOptions, TimeProvider.System, transactionIds: ids);
        var dispatcher = new PaymentCore.Outbox.OutboxDispatcher(store, [new InMemoryNotifier()], null, TimeProvider.System);
        var progressLines = !interactive || options.Json;
        var batches = new BatchProcessor(processor, new BatchOptions
        {
            MaxDegreeOfParallelism = options.Parallelism,
            Mode = options.AllOrNothing ? BatchMode.AllOrNothing : BatchMode.BestEffort,
            ProgressInterval = progressLines ? progressEvery ?? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(250),
        });

        BatchInput input;
        try
        {
            input = await BatchInput.OpenAsync(options, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return await FailAsync(options, stdout, stderr, BadFile, $"{options.Input}: {ex.Message}");
        }

        // D3: a re-run first finishes what the last run left (authorized but not captured, outcomes unknown).
        var recovery = await RecoverAsync(processor, cancellationToken);
        var report = new RunReport { Recovery = recovery };
        BatchSummary summary;
        try
        {
            summary = interactive && !options.Json
                ? await RunWithProgressBarAsync(batches, input, report, cancellationToken)
                : await batches.ProcessBatchAsync(input.Header, input.Source, new ProgressLines(stderr), report.AddAsync, cancellationToken);
        }
        catch (FormatException ex)
        {
            // The first pass reads the whole file before any money moves, so a malformed row is found here, not mid-payment.
            return await FailAsync(options, stdout, stderr, BadFile, $"{options.Input}: {ex.Message}");
        }

        report.EventsDispatched = (await dispatcher.DispatchAsync(cancellationToken)).Delivered; // the outbox, off the payment path
        if (options.Report is not null)
        {
            await WriteReportAsync(options.Report, batches, input, summary, report, cancellationToken);
        }

        if (options.Json)
        {
            await stdout.WriteLineAsync(report.ToJson(options.Input, input.Format, input.Header, summary));
        }
        else
        {
            SummaryTable.Write(stdout, interactive, options, input.Format, input.Header, summary, report);
        }

        if (summary.ControlTotalMismatch is not null)
        {
            await stderr.WriteLineAsync($"{options.Input}: {summary.RejectionReason} ({summary.RejectionCode})");
            return TotalsMismatch;
        }

        return Ok;
    }

    private static async Task<RecoverySummary> RecoverAsync(PaymentProcessor processor, CancellationToken cancellationToken)
    {
        // A pass takes at most RecoveryBatchSize records: go on while passes find work, a bounded number of times.
        var total = default(RecoverySummary);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var pass = 0; pass < 100; pass++)
        {
            var r = await processor.RecoverAsync(cancellationToken);
            foreach (var (reason, count) in r.UnresolvedReasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + count;
            }

            total = new(total.Examined + r.Examined, total.Authorized + r.Authorized, total.Captured + r.Captured, total.Voided + r.Voided, total.Refunded + r.Refunded, total.Declined + r.Declined, total.Failed + r.Failed, total.Unresolved + r.Unresolved, total.LostRaces + r.LostRaces, reasons);
            if (r.Examined == 0 || r.Examined == r.Unresolved)
            {
                break;
            }
        }

        return total;
    }

    private static async Task WriteReportAsync(string path, BatchProcessor batches, BatchInput input, BatchSummary summary, RunReport report, CancellationToken cancellationToken)
    {
        if (input.Ach is not null)
        {
            // ACH answers with returns, not pain.002: every item not paid, with its R-code.
            var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
            await using (writer)
            {
                await AchReturnsReport.WriteCsvAsync(writer, report.Returns, cancellationToken);
            }

            return;
        }

        var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (output)
        {
            var now = TimeProvider.System.GetUtcNow();
            await BatchStatusReports.WriteAsync(output, batches, input.Header, input.Source, summary, new Pain002Report
            {
                MessageId = "STS-" + now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture),
                CreationDateTime = now,
                OriginalMessageId = input.Header.BatchId,
                OriginalMessageNameId = input.OriginalMessageName,
                InitiatingPartyName = input.Header.DebtorName,
            }, cancellationToken);
        }
    }

    private static async Task<BatchSummary> RunWithProgressBarAsync(BatchProcessor batches, BatchInput input, RunReport report, CancellationToken cancellationToken)
    {
        BatchSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Checking control totals");
                var progress = new Progress<BatchProgress>(p =>
                {
                    if (p.TotalItems is { } total && total > 0)
                    {
                        task.MaxValue = total;
                        task.Value = Math.Min(p.ItemsDone, total);
                        task.Description = p.Phase switch
                        {
                            BatchPhase.Settling => "Settling",
                            BatchPhase.Completed => "Done",
                            _ => $"Paying: {p.Succeeded} ok, {p.Failed} not paid",
                        };
                    }
                });
                summary = await batches.ProcessBatchAsync(input.Header, input.Source, progress, report.AddAsync, cancellationToken);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    private static async Task<int> FailAsync(Options options, TextWriter stdout, TextWriter stderr, int code, string message)
    {
        await stderr.WriteLineAsync("error: " + message);
        if (options.Json)
        {
            // --json promises one JSON object on stdout, failures included.
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = message, ["exitCode"] = code }, ErrorJson));
        }

        return code;
    }
}
