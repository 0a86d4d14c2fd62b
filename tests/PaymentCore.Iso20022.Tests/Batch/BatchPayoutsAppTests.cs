using System.Text.Json;
using BatchPayouts;

namespace PaymentCore.Iso20022.Tests.Batch;

public sealed class BatchPayoutsAppTests
{
    [Fact]
    public async Task RunAsync_Pain001WithJson_PrintsOneObjectWithTotalsAsReadAndRejections()
    {
        var (code, stdout, _) = await RunAsync("--input", SampleData("payouts-pain001-v03.xml"), "--json");

        Assert.Equal(BatchPayoutsApp.Ok, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(12, root.GetProperty("transactions").GetInt64());
        Assert.Equal(378916.570m, root.GetProperty("controlSum").GetDecimal());
        Assert.Equal(7, root.GetProperty("succeeded").GetInt64());
        Assert.Equal(5, root.GetProperty("failed").GetInt64());
        Assert.Equal("PART", root.GetProperty("status").GetString());
        var rejected = root.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("endToEndId").GetString()!, r => r.GetProperty("reasonCode").GetString());
        Assert.Equal("AC01", rejected["E2E-EUR-0004"]);
        Assert.Equal("AM12", rejected["E2E-EUR-0005"]);
        Assert.Equal("RC01", rejected["E2E-EUR-0006"]);
        Assert.Equal("AC01", rejected["E2E-GBP-0001"]);
        Assert.Equal("AM03", rejected["E2E-XXX-0001"]);
        var currencies = root.GetProperty("currencies");
        Assert.Equal(350000m, currencies.GetProperty("JPY").GetProperty("succeeded").GetDecimal());
        Assert.Equal(1250.125m, currencies.GetProperty("KWD").GetProperty("succeeded").GetDecimal());
        Assert.Equal(13111.245m, currencies.GetProperty("EUR").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task RunAsync_SameFileTwiceOnOneStore_SecondRunPaysNothingAgain()
    {
        var store = Path.Combine(Path.GetTempPath(), $"payments-{Guid.NewGuid():N}.db");
        try
        {
            var (firstCode, first, _) = await RunAsync("--input", SampleData("payouts-pain001-v03.xml"), "--store", store, "--json");
            var (secondCode, second, _) = await RunAsync("--input", SampleData("payouts-pain001-v03.xml"), "--store", store, "--json");

            Assert.Equal(BatchPayoutsApp.Ok, firstCode);
            Assert.Equal(BatchPayoutsApp.Ok, secondCode);
            using var a = JsonDocument.Parse(first);
            using var b = JsonDocument.Parse(second);
            Assert.Equal(0, a.RootElement.GetProperty("replayed").GetInt64());
            Assert.Equal(7, b.RootElement.GetProperty("replayed").GetInt64());
            Assert.Equal(7, b.RootElement.GetProperty("succeeded").GetInt64());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(store) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task RunAsync_CsvWithReport_WritesPain002()
    {
        var report = Path.Combine(Path.GetTempPath(), $"status-{Guid.NewGuid():N}.xml");
        try
        {
            var (code, stdout, _) = await RunAsync("--input", SampleData("payroll.csv"), "--json", "--report", report);

            Assert.Equal(BatchPayoutsApp.Ok, code);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal(6, json.RootElement.GetProperty("transactions").GetInt64());
            Assert.Equal(359861.375m, json.RootElement.GetProperty("controlSum").GetDecimal());
            Assert.Contains("<GrpSts>PART</GrpSts>", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task RunAsync_WrongNbOfTxs_ExitsNonZeroAndPaysNothing()
    {
        var (code, stdout, stderr) = await RunAsync("--input", TestFiles.PathOf("wrong-nboftxs.xml"), "--json");

        Assert.Equal(BatchPayoutsApp.TotalsMismatch, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("RJCT", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("succeeded").GetInt64());
        Assert.Contains("AM18", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedXml_ExitsWithTheLine()
    {
        var (code, stdout, stderr) = await RunAsync("--input", TestFiles.PathOf("malformed.xml"), "--json");

        Assert.Equal(BatchPayoutsApp.BadFile, code);
        Assert.Contains("line", stderr, StringComparison.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task RunAsync_BadCsvRow_ExitsWithTheLineBeforePayingAnything()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "end_to_end_id,creditor_name,creditor_iban,amount,currency\nA,X,DE89370400440532013000,10.00,EUR\nB,Y,DE89370400440532013000,1E3,EUR\n");
        try
        {
            var (code, _, stderr) = await RunAsync("--input", path);

            Assert.Equal(BatchPayoutsApp.BadFile, code);
            Assert.Contains("line 3", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_NoInput_IsAUsageError()
    {
        var (code, _, stderr) = await RunAsync("--json");

        Assert.Equal(BatchPayoutsApp.Usage, code);
        Assert.Contains("--input", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BatchPayoutsApp.RunAsync(args, stdout, stderr);
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

        throw new FileNotFoundException($"samples/BatchPayouts/data/{name} not found above {AppContext.BaseDirectory}.");
    }
}
