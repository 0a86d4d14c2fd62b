using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.PostgreSql;
using PaymentCore.Processing;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using PaymentCore.StoreChild;
using PaymentCore.Transactions;
using PaymentCore.Testing.Transactions;

// Child process of the store proofs. Modes:
//   serve <sqlite|postgres> <connection string> <keys file> <out dir> <name> <concurrency>
//     Processes every key of the file (one a line) with <concurrency> payments in flight; logs each authorize
//     call to <out>/<name>.auth and each delivered event to <out>/<name>.events; prints DONE.
//   crash <connection string> <ledger file> <first index> <seed>
//     Delivers the outbox left by a killed predecessor, then takes payments pay-<first>, pay-<first+1>, ... for
//     ever (replaying an earlier key now and then), printing "ACK <key> <status>" once each is approved (a replay can see it Authorized while its capture is in flight). The authorizer
//     writes every call to a durable SQLite ledger before answering, so the parent can tell a double charge.
//   group-crash <sqlite|postgres> <connection string> <run> <writers>
//     <writers> tasks write through the store at once, so the store commits them in groups: each creates record
//     g<run>-<writer>-<n>, updates it to version 2 with its event, and prints "ACK <key> <version>" once each
//     write's task has completed (the store said it is durable), for ever, until killed. Each write carries one
//     audit entry in its transaction (issue 13), so the parent can check the chain after the kill too.
//   batch-worker <connection string> <items> <name> <lease seconds> <parallelism> [stall-after]
//     One worker of the shared batch (SharedBatch of <items> items) on the PostgreSQL store, work queue and issuer:
//     prints "CLAIMED" once it has finished its first item, then works chunks until the batch is done and prints
//     "SUMMARY <counts and totals>". With stall-after n it stops dead after its n-th item (printing "STALLED"),
//     holding its chunk, for the parent to kill.
return args[0] switch
{
    "batch-worker" => await BatchWorkerMode(args),
    "serve" => await Serve(args),
    "crash" => await Crash(args),
    "group-crash" => await GroupCrash(args),
    _ => 2,
};

static ITransactionStore OpenStore(string kind, string connectionString) => kind == "postgres"
    ? new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString, Encryption = ProofKeys.Ring })
    : new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = connectionString, AllowPlaintext = true });

static PaymentCore.Audit.AuditEvent Entry(TransactionRecord record, DateTimeOffset at) =>
    new("proof", PaymentCore.Audit.AuditEventTypes.StateChanged, at, PaymentCore.Audit.AuditOutcome.Success, "transaction/" + record.Id, detail: "version " + record.Version);

static PaymentRequest Request(string key) => new()
{
    IdempotencyKey = key,
    MerchantId = "merchant-1",
    Amount = Money.FromMinor(1005, Currency.USD),
    Payer = TestInstruments.Approves,
    Payee = "acct_merchant_1",
};

static async Task<int> Serve(string[] args)
{
    var store = OpenStore(args[1], args[2]);
    var keys = await File.ReadAllLinesAsync(args[3]);
    var outDir = args[4];
    var name = args[5];
    var concurrency = int.Parse(args[6]);
    using var authLog = new LineLog(Path.Combine(outDir, name + ".auth"));
    using var eventLog = new LineLog(Path.Combine(outDir, name + ".events"));
    var processor = new PaymentProcessor([], new LoggingAuthorizer(new InMemoryAuthorizer(), authLog), store, transactionIds: TestTransactionIds.Options());
    var dispatcher = new OutboxDispatcher(store, [new LoggingNotifier(eventLog)]);
    var queue = new ConcurrentQueue<string>(keys);
    var failures = 0;
    var payments = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (queue.TryDequeue(out var key))
        {
            try
            {
                await processor.ProcessAsync(Request(key));
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"{key}: {ex}");
            }
        }
    })));

    // Delivery runs beside the payments, as in a service: claims and batched deletes race the group commits.
    while (!payments.IsCompleted)
    {
        await dispatcher.DispatchAsync();
        await Task.WhenAny(payments, Task.Delay(20));
    }

    await payments;
    (store as IDisposable)?.Dispose();
    Console.WriteLine($"DONE {keys.Length} failures={failures}");
    return failures == 0 ? 0 : 1;
}

static async Task<int> Crash(string[] args)
{
    using var store = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = args[1], AllowPlaintext = true });
    using var issuer = new DurableIssuer(args[2]);
    var first = int.Parse(args[3]);
    var random = new Random(int.Parse(args[4]));
    var processor = new PaymentProcessor([], issuer, store, transactionIds: TestTransactionIds.Options()); // the same secret as the test process that recovers

    // The test process ran recovery after the kill; deliver anything it left in the outbox too.
    await new OutboxDispatcher(store, [new InMemoryNotifier()]).DispatchAsync();
    Console.WriteLine("READY");
    var next = first;
    var inFlight = new List<Task>();
    while (true)
    {
        for (var i = 0; i < 4; i++)
        {
            var key = next > 0 && random.Next(10) == 0 ? "pay-" + random.Next(Math.Max(0, next - 50), next) : "pay-" + next++;
            inFlight.Add(Task.Run(async () =>
            {
                var result = await processor.ProcessAsync(Request(key));
                if (result.Outcome == PaymentOutcome.Approved)
                {
                    Console.WriteLine($"ACK {key} {result.Status}");
                }
            }));
        }

        await Task.WhenAll(inFlight);
        inFlight.Clear();
    }
}

static async Task<int> BatchWorkerMode(string[] args)
{
    var options = new PostgreSqlTransactionStoreOptions { ConnectionString = args[1], AllowPlaintext = true };
    var items = long.Parse(args[2]);
    var name = args[3];
    var lease = TimeSpan.FromSeconds(double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
    var parallelism = int.Parse(args[5]);
    var stallAfter = args.Length > 6 ? long.Parse(args[6]) : long.MaxValue;
    using var store = new PostgreSqlTransactionStore(options);
    using var queue = new PaymentCore.PostgreSql.BatchWork.PostgreSqlBatchWorkQueue(options);
    using var issuer = new PostgresIssuer(args[1], name);
    // Every instance derives transaction ids under the same per-installation secret (a fixed test value here).
    var ids = Microsoft.Extensions.Options.Options.Create(new TransactionIdOptions { Secret = Convert.ToBase64String(new byte[32]) });
    var processor = new PaymentProcessor([], issuer, store, null, null, null, ids);
    var batches = new PaymentCore.Batch.BatchProcessor(processor, new PaymentCore.Batch.BatchOptions { MaxDegreeOfParallelism = parallelism });
    var worker = new PaymentCore.BatchWork.BatchWorker(batches, queue, new PaymentCore.BatchWork.BatchWorkerOptions
    {
        WorkerId = name,
        ChunkSize = 100,
        Lease = lease,
        PollInterval = TimeSpan.FromMilliseconds(100),
    });
    var batch = new SharedBatch(items);
    long done = 0;
    var summary = await worker.RunAsync(batch.Header, batch, async _ =>
    {
        // Called one item at a time, after the item is recorded: with parallelism 1, stopping here leaves no item
        // half-done, so the proof can say exactly what a takeover must find.
        var n = ++done;
        if (n == 1)
        {
            Console.WriteLine("CLAIMED");
        }

        if (n == stallAfter)
        {
            Console.WriteLine("STALLED");
            await Task.Delay(Timeout.Infinite);
        }
    });
    var amounts = string.Join(';', summary.Amounts.Select(a => $"{a.Status}:{a.Total.Currency.Code}:{a.Count}:{a.Total.MinorUnits}"));
    Console.WriteLine($"SUMMARY status={summary.Status} total={summary.TotalItems} succeeded={summary.Succeeded} failed={summary.Failed} pending={summary.Pending} replayed={summary.Replayed} processed={done} amounts={amounts}");
    return 0;
}

static async Task<int> GroupCrash(string[] args)
{
    var store = (IAuditedTransactionStore)OpenStore(args[1], args[2]);
    var run = args[3];
    var writers = int.Parse(args[4]);
    var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var output = new LineLog(null);
    Console.WriteLine("READY");
    await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
    {
        for (var n = 0; ; n++)
        {
            var key = $"g{run}-{writer}-{n}";
            var record = PaymentCore.Testing.Storage.TestRecords.Received(key, at);
            var created = await store.TryCreateAuditedAsync(record, PaymentEvent.For(record), [Entry(record, at)]);
            if (!created.Created)
            {
                throw new InvalidOperationException($"{key} existed already");
            }

            output.Write($"ACK {key} 1");
            var next = record with
            {
                Version = 2,
                UpdatedAt = at.AddSeconds(1),
                DueAt = at.AddMinutes(n % 7),
                History = record.History.Add(new StateChange(2, TransactionStatus.Received, TransactionStatus.Authorized, record.Amount, at.AddSeconds(1))),
                Status = TransactionStatus.Authorized,
                Authorized = record.Amount,
            };
            if (!await store.TryUpdateAuditedAsync(next, 1, PaymentEvent.For(next), [Entry(next, at)]))
            {
                throw new InvalidOperationException($"{key} was not at version 1");
            }

            output.Write($"ACK {key} 2");
        }
    })));
    return 0;
}

/// <summary>Appends lines to a file (or standard output), flushed per line, from many threads.</summary>
internal sealed class LineLog(string? path) : IDisposable
{
    // No path: standard output, where a parent reads acknowledgements line by line.
    private readonly TextWriter _writer = path is null ? Console.Out : new StreamWriter(path, append: true) { AutoFlush = true };
    private readonly Lock _lock = new();

    public void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}

internal sealed class LoggingNotifier(LineLog log) : INotifier
{
    public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        log.Write(paymentEvent.EventId.ToString("N"));
        return ValueTask.CompletedTask;
    }
}

internal sealed class LoggingAuthorizer(IAuthorizer inner, LineLog log) : IAuthorizer
{
    public string Name => inner.Name;

    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        log.Write(request.IdempotencyKey);
        return inner.AuthorizeAsync(request, cancellationToken);
    }

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(request, cancellationToken);
}
