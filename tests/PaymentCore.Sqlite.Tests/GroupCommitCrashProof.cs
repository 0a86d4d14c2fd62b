using System.Globalization;
using PaymentCore.Storage;

namespace PaymentCore.Tests.Proofs;

/// <summary>
/// Issue 11: a child process writing through a store from 16 tasks at once (so the store commits their writes in
/// groups) is killed at seeded points, counted in acknowledged writes. After every kill, a fresh store must hold
/// every write the child was told is durable (a create, then an update to version 2), and the outbox must hold
/// exactly one event per stored version: a group is committed whole, each write with its event, or not at all.
/// </summary>
internal static class GroupCommitCrashProof
{
    public static async Task RunAsync(string kind, string connectionString, Func<ITransactionStore> openStore, int kills, int seed)
    {
        var random = new Random(seed);
        var acknowledged = 0;
        for (var kill = 0; kill < kills; kill++)
        {
            var ackTarget = random.Next(10, 600);
            var run = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var child = ChildProcess.Start("group-crash", kind, connectionString, kill.ToString(CultureInfo.InvariantCulture), "16"))
            {
                var stderr = child.StandardError.ReadToEndAsync();

                // A guard against a hung child only; no assertion depends on time.
                using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                while (run.Count < ackTarget || run.Values.Count(v => v == 2) < ackTarget / 2)
                {
                    var line = await child.StandardOutput.ReadLineAsync(guard.Token);
                    if (line is null)
                    {
                        Assert.Fail($"seed {seed}, kill {kill}: the child ended by itself:\n{await stderr}");
                    }

                    if (line!.StartsWith("ACK ", StringComparison.Ordinal))
                    {
                        var parts = line.Split(' ');
                        var version = long.Parse(parts[2], CultureInfo.InvariantCulture);
                        run[parts[1]] = Math.Max(version, run.GetValueOrDefault(parts[1]));
                    }
                }

                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }

            var store = openStore();
            try
            {
                foreach (var (key, version) in run)
                {
                    var record = await store.FindByIdempotencyKeyAsync("merchant-1", key);
                    Assert.True(record is not null, $"seed {seed}, kill {kill}: {key} was acknowledged at version {version} and is lost");
                    Assert.True(record!.Version >= version, $"seed {seed}, kill {kill}: {key} was acknowledged at version {version} and is stored at {record.Version}");
                }

                // Every stored version has its event and no event lacks its version (nothing is delivered here).
                long versions = 0;
                string? token = null;
                do
                {
                    var page = await store.QueryAsync(new TransactionQuery { PageSize = TransactionQuery.MaxPageSize, ContinuationToken = token });
                    versions += page.Items.Sum(r => r.Version);
                    token = page.ContinuationToken;
                }
                while (token is not null);
                Assert.Equal(versions, (await store.GetOutboxBacklogAsync()).Pending);

                // Issue 13: each stored version has its audit entry, written in its transaction, and the chain that
                // groups of concurrent writers built up to the kill is unbroken.
                var audited = (IAuditedTransactionStore)store;
                var verdict = await new PaymentCore.Audit.AuditTrail(audited.AuditLog, new PaymentCore.Audit.HmacAuditCheckpointSigner("proof", new byte[32]), options: new PaymentCore.Audit.AuditTrailOptions { CheckpointEvery = 0 }).VerifyAsync();
                Assert.True(verdict.IsIntact, $"seed {seed}, kill {kill}: {verdict.Message}");
                Assert.Equal(versions, verdict.EntriesVerified);
            }
            finally
            {
                switch (store)
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync();
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }

            acknowledged += run.Count;
        }

        Assert.True(acknowledged >= kills * 10, $"seed {seed}: only {acknowledged} writes were acknowledged");
    }
}
