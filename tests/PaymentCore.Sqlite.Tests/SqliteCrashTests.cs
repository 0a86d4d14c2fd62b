using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Tests.Proofs;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite.Tests;

/// <summary>
/// Issue #5: a child process taking payments on SQLite is killed (Process.Kill) at seeded random points, at least
/// 100 times, with a durable simulated issuer (<see cref="StoreChild.DurableIssuer"/>) that, like a real acquirer,
/// remembers every operation it did. After each kill, recovery runs (as a restarted service would), then the next
/// child carries on, re-sending some keys the dead one had in flight. After every kill and recovery: every payment
/// the child acknowledged is stored and captured; no payment is left Received or with a pending operation; and the
/// store and the issuer agree payment by payment (captured at the issuer exactly when captured in the store, no hold
/// the store does not know, none captured twice).
/// </summary>
/// <remarks>Kill points are counted in acknowledged payments, not in time.</remarks>
public sealed class SqliteCrashTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ChildKilledAtRandomPoints_100Times_NoAcknowledgedPaymentLostNoneChargedTwice()
    {
        const int Kills = 100;
        var random = new Random(5);
        var ledgerPath = _database.PathOf("ledger.db");
        using var store = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = _database.ConnectionString(), AllowPlaintext = true });
        var acknowledged = new Dictionary<string, TransactionStatus>(StringComparer.Ordinal);
        var next = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var ackTarget = random.Next(1, 20);
            using var child = ChildProcess.Start("crash", _database.ConnectionString(), ledgerPath, next.ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            var stderr = child.StandardError.ReadToEndAsync();

            // A guard against a hung child only; no assertion depends on time.
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var acks = 0;
            while (acks < ackTarget)
            {
                var line = await child.StandardOutput.ReadLineAsync(guard.Token);
                if (line is null)
                {
                    Assert.Fail($"kill {kill}: the child ended by itself:\n{await stderr}");
                }

                if (line!.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    var key = parts[1];
                    var status = Enum.Parse<TransactionStatus>(parts[2]);
                    acknowledged[key] = acknowledged.TryGetValue(key, out var seen) && seen > status ? seen : status;
                    next = Math.Max(next, int.Parse(key.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture) + 1);
                    acks++;
                }
            }

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();

            // What a restarted service does: recover what the dead process left in flight. Its clock is an hour
            // ahead so every record is past RecoverAfter.
            using (var issuer = new StoreChild.DurableIssuer(ledgerPath))
            {
                var recovery = new PaymentProcessor([], issuer, store, null, new FastForwardTimeProvider(TimeProvider.System.GetUtcNow().AddHours(1)), transactionIds: Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { AllowUnkeyed = true }));
                var summary = await recovery.RecoverAsync();
                Assert.True(summary.Unresolved == 0, $"kill {kill}: recovery left {summary.Unresolved} records unresolved: {summary}");

                var records = await AllRecordsAsync(store);
                var approved = issuer.Approved().ToHashSet();
                foreach (var (key, status) in acknowledged)
                {
                    var record = records.GetValueOrDefault(key);
                    Assert.True(record is not null, $"kill {kill}: acknowledged payment {key} is lost");
                    Assert.True(record!.Status == TransactionStatus.Captured, $"kill {kill}: payment {key} was acknowledged {status} and is {record.Status} after recovery");
                }

                foreach (var record in records.Values)
                {
                    var key = record.IdempotencyKey;
                    Assert.True(record.Status is not TransactionStatus.Received && record.Pending is null, $"kill {kill}: {key} is left {record.Status} (pending {record.Pending}) after recovery");
                    Assert.True(approved.Contains((AuthorizerOperation.Capture, key)) == (record.Status == TransactionStatus.Captured), $"kill {kill}: {key} is {record.Status} but the issuer's capture says {approved.Contains((AuthorizerOperation.Capture, key))}");
                    Assert.True(approved.Contains((AuthorizerOperation.Void, key)) == (record.Status == TransactionStatus.Voided || (record.Status == TransactionStatus.Failed && approved.Contains((AuthorizerOperation.Authorize, key)))), $"kill {kill}: {key} is {record.Status} but the issuer's void disagrees");
                    Assert.False(approved.Contains((AuthorizerOperation.Capture, key)) && approved.Contains((AuthorizerOperation.Void, key)), $"kill {kill}: {key} was both captured and voided");
                }

                foreach (var (operation, key) in approved)
                {
                    Assert.True(records.ContainsKey(key), $"kill {kill}: the issuer did {operation} for {key}, which no record knows");
                }
            }
        }

        Assert.True(acknowledged.Count >= Kills);
    }

    private static async Task<Dictionary<string, TransactionRecord>> AllRecordsAsync(SqliteTransactionStore store)
    {
        var all = new Dictionary<string, TransactionRecord>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await store.QueryAsync(new TransactionQuery { MerchantId = "merchant-1", PageSize = TransactionQuery.MaxPageSize, ContinuationToken = token });
            foreach (var record in page.Items)
            {
                all[record.IdempotencyKey] = record;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }
}
