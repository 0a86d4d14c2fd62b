using System.Text.Json;
using System.Xml.Linq;
using BatchPayouts;
using PaymentCore.Batch;
using PaymentCore.Monetary;
using PaymentCore.Sqlite;
using PaymentCore.Transactions;

namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>Issue 15: the BatchPayouts sample as a person reads it, with ACH input, recovery and honest states (D3).</summary>
public sealed class BatchPayoutsSampleTests
{
    private static readonly XNamespace Pain002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";

    [Fact]
    public async Task RunAsync_Piped_HeaderOnOneLineAndNoSumAcrossCurrencies()
    {
        var dir = Directory.CreateTempSubdirectory("a-rather-long-folder-name-for-the-payout-files-of-november-");
        try
        {
            var input = Path.Combine(dir.FullName, "payouts-pain001-v03.xml");
            File.Copy(SampleData("payouts-pain001-v03.xml"), input);

            var (code, stdout, _) = await RunAsync("--input", input);

            Assert.Equal(BatchPayoutsApp.Ok, code);
            var first = stdout.Split('\n')[0].TrimEnd('\r');
            Assert.True(first.Length > 80, "the header is longer than 80 columns, so wrapping would show");
            Assert.Equal($"{input} (pain.001.001.03), batch ACME-2026-11-PAYOUTS: PART", first);
            Assert.DoesNotContain("378916.570", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(" items ", stdout.Split('\n').Single(l => l.Contains("│ EUR", StringComparison.Ordinal)), StringComparison.Ordinal);
            var counts = stdout.Split('\n').Single(l => l.Contains("│ items", StringComparison.Ordinal));
            Assert.Matches(@"│ items\s+│ 12\s+│\s+│ 7\s+│ 5\s+│ 0\s+│", counts);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_Redirected_WritesProgressLinesToStandardError()
    {
        var (code, _, stderr) = await RunAsync(TimeSpan.Zero, "--input", SampleData("payouts-pain001-v03.xml"));

        Assert.Equal(BatchPayoutsApp.Ok, code);
        Assert.Contains("[progress] paying: ", stderr, StringComparison.Ordinal);
        Assert.Contains("[progress] done: 12 of 12 items, 7 paid, 5 not paid, 0 pending", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AchFile_PaysCreditsAndWritesReturns()
    {
        var returns = Path.Combine(Path.GetTempPath(), $"returns-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, stdout, _) = await RunAsync("--input", SampleData("payroll.ach"), "--json", "--report", returns);

            Assert.Equal(BatchPayoutsApp.Ok, code);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal("nacha-ach", json.RootElement.GetProperty("format").GetString());
            Assert.Equal(5, json.RootElement.GetProperty("transactions").GetInt64());
            Assert.Equal(4, json.RootElement.GetProperty("succeeded").GetInt64());
            var lines = await File.ReadAllLinesAsync(returns);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("076401250000005,0000002,500.00,R17,NARR,", lines[1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(returns);
        }
    }

    [Fact]
    public async Task RunAsync_InvalidDebtorIban_IsRefusedBeforeAnythingIsPaid()
    {
        var (code, _, stderr) = await RunAsync("--input", SampleData("payroll.csv"), "--debtor", "DE00370400440532013000");

        Assert.Equal(BatchPayoutsApp.Usage, code);
        Assert.Contains("--debtor: The IBAN 'DE00370400440532013000'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RerunAfterACrashBeforeCapture_RunsRecoveryAndNeverReportsAcscForWhatWasNotCaptured()
    {
        var store = Path.Combine(Path.GetTempPath(), $"payments-{Guid.NewGuid():N}.db");
        var report = Path.Combine(Path.GetTempPath(), $"status-{Guid.NewGuid():N}.xml");
        try
        {
            await RunAsync("--input", SampleData("payouts-pain001-v03.xml"), "--store", store, "--json");
            var key = BatchProcessor.IdempotencyKeyFor("ACME-2026-11-PAYOUTS", "E2E-EUR-0001");
            using (var sqlite = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={store}", Encryption = await DevelopmentKeys.ForStoreAsync(store, TextWriter.Null) }))
            {
                // What kill -9 between the authorization and the capture leaves: an Authorized record, a while ago.
                var captured = (await sqlite.FindByIdempotencyKeyAsync("batch-payouts", key))!;
                var authorized = captured with
                {
                    Status = TransactionStatus.Authorized,
                    Captured = Money.Zero(captured.Captured.Currency),
                    UpdatedAt = captured.UpdatedAt.AddMinutes(-10),
                    DueAt = captured.UpdatedAt.AddMinutes(-10), // the processor stamps every write with when recovery is due
                    Version = captured.Version + 1,
                };
                Assert.True(await sqlite.TryUpdateAsync(authorized, captured.Version, null));
            }

            var (code, stdout, _) = await RunAsync("--input", SampleData("payouts-pain001-v03.xml"), "--store", store, "--json", "--report", report);

            Assert.Equal(BatchPayoutsApp.Ok, code);
            using var json = JsonDocument.Parse(stdout);
            Assert.True(json.RootElement.GetProperty("recovery").GetProperty("examined").GetInt32() >= 1);
            var status = XDocument.Load(report).Descendants(Pain002 + "TxInfAndSts")
                .Single(t => (string?)t.Element(Pain002 + "OrgnlEndToEndId") == "E2E-EUR-0001")
                .Element(Pain002 + "TxSts")!.Value;
            using (var sqlite = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={store}", Encryption = await DevelopmentKeys.ForStoreAsync(store, TextWriter.Null) }))
            {
                var after = (await sqlite.FindByIdempotencyKeyAsync("batch-payouts", key))!;
                // The sample's simulated issuer starts empty on each run, so it may refuse to capture a hold it never saw:
                // then the payment failed (RJCT), though the record still shows the authorization and its refusals.
                var refused = after.History.Any(h => h.Refused && h.Operation == PaymentCore.Authorization.AuthorizerOperation.Capture);
                Assert.Equal(after.Status == TransactionStatus.Captured ? "ACSC" : after.Status == TransactionStatus.Authorized && !refused ? "PDNG" : "RJCT", status);
                Assert.NotEqual("ACSC", after.Status == TransactionStatus.Captured ? "" : status); // nothing ACSC unless captured
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(store) + "*").Append(report))
            {
                File.Delete(file);
            }
        }
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(null, args);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(TimeSpan? progressEvery, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BatchPayoutsApp.RunAsync(args, stdout, stderr, progressEvery: progressEvery);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string SampleData(string name)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "BatchPayouts", "data", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name);
    }
}
