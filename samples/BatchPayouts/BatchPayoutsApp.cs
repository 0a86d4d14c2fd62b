using System.Globalization;
using System.Text.Json;
using System.Text;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Pain002;
using PaymentCore.Iso20022;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using Spectre.Console;

namespace BatchPayouts;

/// <summary>
/// The sample's entry logic, callable as a library so tests can check its output without spawning a process:
/// reads a pain.001 or payroll CSV file, runs it as a batch, prints a summary (or one JSON object) and writes pain.002.
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

    private const string UsageText = "usage: BatchPayouts --input FILE [--store payments.db] [--report status.xml] [--json] [--merchant ID] [--debtor IBAN] [--parallelism N] [--all-or-nothing]";

    /// <summary>Runs the sample.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where the summary or the JSON object goes.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="interactive">Whether a live progress bar may be drawn (never with --json).</param>
    /// <param name="cancellationToken">Stops the batch; run again to resume.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false, CancellationToken cancellationToken = default)
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
        var processor = new PaymentProcessor([], issuer, store, null, TimeProvider.System);
        var batches = new BatchProcessor(processor, new BatchOptions
        {
            MaxDegreeOfParallelism = options.Parallelism,
            Mode = options.AllOrNothing ? BatchMode.AllOrNothing : BatchMode.BestEffort,
        });

        BatchHeader header;
        IBatchSource source;
        string format;
        string originalMessageName;
        try
        {
            if (IsPain001(options.Input))
            {
                var pain = Pain001BatchSource.FromFile(options.Input);
                var scanned = await pain.ScanAsync(cancellationToken);
                format = "pain.001." + (scanned.Version == Pain001Version.V09 ? "001.09" : "001.03");
                originalMessageName = format;
                if (scanned.Mismatches.FirstOrDefault(m => m.Level == ControlTotalLevel.PaymentInformation) is { } block)
                {
                    // The engine checks the group totals; a block's own totals are checked here, before any money moves.
                    return await FailAsync(options, stdout, stderr, TotalsMismatch,
                        string.Create(CultureInfo.InvariantCulture, $"{options.Input}: block {block.PaymentInformationId}: {block.Field} declared {block.Declared} but the transactions give {block.Actual} ({block.ReasonCode}). Nothing was paid."));
                }

                header = Pain001BatchSource.CreateHeader(scanned, options.Merchant);
                source = pain;
            }
            else
            {
                var csv = PayrollCsvBatchSource.FromFile(options.Input);
                format = "csv";
                originalMessageName = "payroll.csv";
                header = PayrollCsvBatchSource.CreateHeader(await csv.ComputeBatchIdAsync(cancellationToken), options.Merchant, options.Debtor);
                source = csv;
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return await FailAsync(options, stdout, stderr, BadFile, $"{options.Input}: {ex.Message}");
        }

        var report = new RunReport();
        BatchSummary summary;
        try
        {
            if (interactive && !options.Json)
            {
                summary = await RunWithProgressBarAsync(batches, header, source, report, cancellationToken);
            }
            else
            {
                summary = await batches.ProcessBatchAsync(header, source, null, report.AddAsync, cancellationToken);
            }
        }
        catch (FormatException ex)
        {
            // The first pass reads the whole file before any money moves, so a malformed row is found here, not mid-payment.
            return await FailAsync(options, stdout, stderr, BadFile, $"{options.Input}: {ex.Message}");
        }

        if (options.Report is not null)
        {
            var output = new FileStream(options.Report, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (output)
            {
                var now = TimeProvider.System.GetUtcNow();
                await BatchStatusReports.WriteAsync(output, batches, header, source, summary, new Pain002Report
                {
                    MessageId = "STS-" + now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture),
                    CreationDateTime = now,
                    OriginalMessageId = header.BatchId,
                    OriginalMessageNameId = originalMessageName,
                    InitiatingPartyName = header.DebtorName,
                }, cancellationToken);
            }
        }

        if (options.Json)
        {
            await stdout.WriteLineAsync(report.ToJson(options.Input, format, header, summary));
        }
        else
        {
            WriteTable(stdout, interactive, options, format, header, summary, report);
        }

        if (summary.ControlTotalMismatch is not null)
        {
            await stderr.WriteLineAsync($"{options.Input}: {summary.RejectionReason} ({summary.RejectionCode})");
            return TotalsMismatch;
        }

        return Ok;
    }

    private static async Task<BatchSummary> RunWithProgressBarAsync(BatchProcessor batches, BatchHeader header, IBatchSource source, RunReport report, CancellationToken cancellationToken)
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
                summary = await batches.ProcessBatchAsync(header, source, progress, report.AddAsync, cancellationToken);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    private static void WriteTable(TextWriter stdout, bool interactive, Options options, string format, BatchHeader header, BatchSummary summary, RunReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        console.MarkupLine($"[bold]{Markup.Escape(options.Input)}[/] ({format}), batch [bold]{Markup.Escape(header.BatchId)}[/]: [bold]{summary.StatusCode}[/]");
        if (summary.RejectionReason is not null)
        {
            console.MarkupLine($"[red]{Markup.Escape(summary.RejectionReason)}[/]");
        }

        var totals = new Table().AddColumns("Currency", "Transactions", "Amount", "Paid", "Not paid");
        foreach (var (currency, c) in report.Currencies)
        {
            totals.AddRow(currency, Num(c.Count), Num(c.Total), Num(c.Succeeded), Num(c.Failed));
        }

        totals.AddRow("[bold]all[/]", Num(summary.TotalItems), Num(summary.ControlSum), Num(summary.Succeeded) + " items", Num(summary.Failed) + " items");
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

        if (summary.Replayed > 0)
        {
            console.MarkupLine($"{summary.Replayed} item(s) were already done by an earlier run and were not paid again.");
        }

        if (options.Report is not null)
        {
            console.MarkupLine($"pain.002 status report written to [bold]{Markup.Escape(options.Report)}[/].");
        }
    }

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

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

    private static bool IsPain001(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // No telling extension: XML starts with '<' once a byte-order mark and white space are skipped.
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[64];
        var read = stream.Read(head);
        var text = Encoding.UTF8.GetString(head[..read]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('<');
    }
}
