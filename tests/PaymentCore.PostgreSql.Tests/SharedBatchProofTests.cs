using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PaymentCore.Monetary;
using PaymentCore.StoreChild;
using PaymentCore.Storage;
using PaymentCore.Tests.Proofs;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql.Tests;

/// <summary>
/// Issue 15: one batch worked by four processes on one PostgreSQL database, one of them stopped dead holding a
/// half-done chunk and killed. Afterwards every item is paid exactly once (one record, captured in full; one
/// authorization call and one capture call at the issuer) and every surviving worker reports the totals a
/// single process would. 3,000 items by default; PAYMENTCORE_SHARED_BATCH_ITEMS=100000 runs the size.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedBatchProofTests(PostgresCluster cluster)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task FourWorkerProcesses_OneKilledHoldingAChunk_EveryItemPaidOnceAndTotalsMatch()
    {
        var items = long.TryParse(Environment.GetEnvironmentVariable("PAYMENTCORE_SHARED_BATCH_ITEMS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 200 ? n : 3_000;
        var connectionString = await cluster.CreateDatabaseAsync();
        using (new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString, AllowPlaintext = true }))
        {
            // Migrated once here, so the workers start on an up-to-date schema.
        }

        // The victim works one item at a time and stops dead after its 150th (half of its second chunk of 100), so
        // the chunk it holds is half paid when it dies; its lease (3 s) then runs out and another worker takes over.
        using var victim = ChildProcess.Start("batch-worker", connectionString, items.ToString(CultureInfo.InvariantCulture), "w0", "3", "1", "150");
        var victimLines = new List<string>();
        var stalled = WaitForLineAsync(victim, "STALLED", victimLines);
        using var w1 = ChildProcess.Start("batch-worker", connectionString, items.ToString(CultureInfo.InvariantCulture), "w1", "3", "4");
        using var w2 = ChildProcess.Start("batch-worker", connectionString, items.ToString(CultureInfo.InvariantCulture), "w2", "3", "4");
        using var w3 = ChildProcess.Start("batch-worker", connectionString, items.ToString(CultureInfo.InvariantCulture), "w3", "3", "4");
        var survivors = new[] { w1, w2, w3 };
        var outputs = survivors.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToArray();

        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (!await stalled.WaitAsync(Generous))
            {
                // Only now read its errors: reading them to the end waits for the process to exit.
                victim.Kill(entireProcessTree: true);
                Assert.Fail("the victim never stalled:\n" + string.Join('\n', victimLines) + await victim.StandardError.ReadToEndAsync());
            }

            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync().WaitAsync(Generous);

            foreach (var (process, output) in survivors.Zip(outputs))
            {
                await process.WaitForExitAsync().WaitAsync(Generous);
                Assert.True(process.ExitCode == 0, $"a worker failed ({process.ExitCode}):\n{await output.Out}\n{await output.Err}");
            }
        }
        finally
        {
            foreach (var process in survivors.Append(victim).Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        stopwatch.Stop();
        Console.WriteLine($"shared batch: {items} items, 4 workers (one killed), {stopwatch.Elapsed.TotalSeconds:F1} s");

        // The totals a single process would report: every item succeeded, amounts per currency as written.
        var expected = Enumerable.Range(1, (int)items).Select(i => SharedBatch.Item(i)).ToList();
        var expectedAmounts = string.Join(';', expected.GroupBy(i => i.Amount.Currency.Code).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"Succeeded:{g.Key}:{g.Count()}:{g.Sum(i => i.Amount.MinorUnits)}"));
        foreach (var output in outputs)
        {
            var summary = (await output.Out).Split('\n').Single(l => l.StartsWith("SUMMARY ", StringComparison.Ordinal)).Trim();
            Assert.Contains($"status=Accepted total={items} succeeded={items} failed=0 pending=0 ", summary, StringComparison.Ordinal);
            Assert.EndsWith("amounts=" + expectedAmounts, summary, StringComparison.Ordinal);
            var replayed = long.Parse(summary.Split(' ').Single(f => f.StartsWith("replayed=", StringComparison.Ordinal))["replayed=".Length..], CultureInfo.InvariantCulture);
            Assert.True(replayed >= 50, $"the taken-over chunk should replay the victim's items of it: {summary}");
        }

        // The store: one record per item, captured in full, nothing else.
        using var store = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString, AllowPlaintext = true });
        var records = new List<TransactionRecord>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(new TransactionQuery { PageSize = 1000, ContinuationToken = token });
            records.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        Assert.Equal(items, records.Count);
        var byKey = records.ToDictionary(r => r.IdempotencyKey, StringComparer.Ordinal);
        foreach (var item in expected)
        {
            var record = byKey[PaymentCore.Batch.BatchProcessor.IdempotencyKeyFor(SharedBatch.BatchId, item.EndToEndId)];
            Assert.Equal(TransactionStatus.Captured, record.Status);
            Assert.Equal(item.Amount, record.Captured);
        }

        // The issuer: per item exactly one authorization call and one capture call, each approved for the item's amount.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var calls = new NpgsqlCommand("SELECT operation, count(*), count(DISTINCT key), max(n) FROM (SELECT operation, key, count(*) n FROM issuer_sim.calls GROUP BY operation, key) c GROUP BY operation ORDER BY operation", connection))
        await using (var reader = await calls.ExecuteReaderAsync())
        {
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetString(0)} keys={reader.GetInt64(2)} most-calls-per-key={reader.GetInt64(3)}");
            }

            Assert.Equal([$"Authorize keys={items} most-calls-per-key=1", $"Capture keys={items} most-calls-per-key=1"], rows);
        }

        await using (var sums = new NpgsqlCommand("SELECT operation, outcome, count(*), sum(amount)::bigint FROM issuer_sim.operations GROUP BY operation, outcome ORDER BY operation", connection))
        await using (var reader = await sums.ExecuteReaderAsync())
        {
            var total = expected.Sum(i => i.Amount.MinorUnits);
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetInt64(2)} {reader.GetInt64(3)}");
            }

            Assert.Equal([$"Authorize Approved {items} {total}", $"Capture Approved {items} {total}"], rows);
        }
    }

    private static async Task<bool> WaitForLineAsync(Process process, string line, List<string> seen)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } read)
        {
            seen.Add(read);
            if (read == line)
            {
                return true;
            }
        }

        return false;
    }
}
