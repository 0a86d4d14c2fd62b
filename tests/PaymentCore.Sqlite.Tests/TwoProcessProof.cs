using Microsoft.Extensions.Time.Testing;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Proofs;

/// <summary>
/// Two processes, one database: a seeded list of payments of which 30% repeat an earlier key is split between
/// two child processes that run at the same time, each with its own processor, store and authorizer. After
/// both finish: exactly one authorization per key, every payment recorded and captured, and every event of
/// every record delivered (each child runs an outbox dispatcher beside its payments) (once, after deduplication by event id), the outbox empty.
/// </summary>
internal static class TwoProcessProof
{
    public static async Task RunAsync(string kind, string connectionString, Func<ITransactionStore> openStore, int payments, int seed = 20261121)
    {
        var random = new Random(seed);
        var unique = payments * 7 / 10;
        var submissions = Enumerable.Range(0, unique).Select(i => "key-" + i)
            .Concat(Enumerable.Range(0, payments - unique).Select(_ => "key-" + random.Next(unique)))
            .OrderBy(_ => random.Next())
            .ToArray();
        var folder = Directory.CreateTempSubdirectory("paymentcore-proof-").FullName;
        try
        {
            await File.WriteAllLinesAsync(Path.Combine(folder, "a.keys"), submissions.Where((_, i) => i % 2 == 0));
            await File.WriteAllLinesAsync(Path.Combine(folder, "b.keys"), submissions.Where((_, i) => i % 2 == 1));
            using var a = ChildProcess.Start("serve", kind, connectionString, Path.Combine(folder, "a.keys"), folder, "a", "8");
            using var b = ChildProcess.Start("serve", kind, connectionString, Path.Combine(folder, "b.keys"), folder, "b", "8");
            var outputs = await Task.WhenAll(Drain(a), Drain(b));
            Assert.True(a.ExitCode == 0, "child a failed:\n" + outputs[0]);
            Assert.True(b.ExitCode == 0, "child b failed:\n" + outputs[1]);

            var authorizations = (await File.ReadAllLinesAsync(Path.Combine(folder, "a.auth"))).Concat(await File.ReadAllLinesAsync(Path.Combine(folder, "b.auth"))).ToList();
            Assert.Equal(unique, authorizations.Count);
            Assert.Equal(unique, authorizations.Distinct(StringComparer.Ordinal).Count());

            var store = openStore();
            try
            {
                var records = new List<TransactionRecord>();
                string? token = null;
                do
                {
                    var page = await store.QueryAsync(new TransactionQuery { PageSize = 1000, ContinuationToken = token });
                    records.AddRange(page.Items);
                    token = page.ContinuationToken;
                }
                while (token is not null);

                Assert.Equal(unique, records.Count);
                Assert.All(records, r => Assert.Equal(TransactionStatus.Captured, r.Status));
                Assert.Equal(Enumerable.Range(0, unique).Select(i => "key-" + i).Order(StringComparer.Ordinal), records.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));

                // Whatever a child's dispatcher did not deliver is delivered now by a third one, as after a crash.
                var notifier = new InMemoryNotifier();
                var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
                var dispatcher = new PaymentCore.Outbox.OutboxDispatcher(store, [notifier], null, time);
                await dispatcher.DispatchAsync();
                Assert.Empty(await store.ClaimEventsAsync(1000, time.GetUtcNow().AddYears(1), TimeSpan.FromMinutes(1)));
                Assert.Equal(new PaymentCore.Outbox.OutboxBacklog(0, 0, null), await store.GetOutboxBacklogAsync());

                var delivered = (await File.ReadAllLinesAsync(Path.Combine(folder, "a.events")))
                    .Concat(await File.ReadAllLinesAsync(Path.Combine(folder, "b.events")))
                    .Concat(notifier.Deliveries.Select(e => e.EventId.ToString("N")))
                    .ToHashSet(StringComparer.Ordinal);
                var expected = records.SelectMany(r => r.History.Select(h => PaymentEvent.IdFor(r.Id, h.Version).ToString("N"))).ToHashSet(StringComparer.Ordinal);
                Assert.Equal(3 * unique, expected.Count);
                Assert.True(expected.SetEquals(delivered), $"expected {expected.Count} events, delivered {delivered.Count}; missing {expected.Except(delivered).Count()}, unexpected {delivered.Except(expected).Count()}");
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Drain(System.Diagnostics.Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }
}
