using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using PaymentCore;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.PostgreSql;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using PaymentCore.StoreChild;

// Child process of the store proofs. Modes:
//   serve <sqlite|postgres> <connection string> <keys file> <out dir> <name> <concurrency>
//     Processes every key of the file (one a line) with <concurrency> payments in flight; logs each authorize
//     call to <out>/<name>.auth and each delivered event to <out>/<name>.events; prints DONE.
//   crash <connection string> <ledger file> <first index> <seed>
//     Delivers the outbox left by a killed predecessor, then takes payments pay-<first>, pay-<first+1>, ... for
//     ever (replaying an earlier key now and then), printing "ACK <key> <status>" once each is approved (a replay can see it Authorized while its capture is in flight). The authorizer
//     writes every call to a durable SQLite ledger before answering, so the parent can tell a double charge.
return args[0] switch
{
    "serve" => await Serve(args),
    "crash" => await Crash(args),
    _ => 2,
};

static ITransactionStore OpenStore(string kind, string connectionString) => kind == "postgres"
    ? new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString })
    : new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = connectionString, AllowPlaintext = true });

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
    var processor = new PaymentProcessor([], new LoggingAuthorizer(new InMemoryAuthorizer(), authLog), store, [new LoggingNotifier(eventLog)]);
    var queue = new ConcurrentQueue<string>(keys);
    var failures = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
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
    var processor = new PaymentProcessor([], issuer, store, [new InMemoryNotifier()]);

    // The test process ran recovery after the kill; deliver anything it left in the outbox too.
    await processor.DispatchOutboxAsync();
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

/// <summary>Appends lines to a file, flushed per line, from many threads.</summary>
internal sealed class LineLog(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
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

    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerOperation operation, string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(operation, merchantId, idempotencyKey, cancellationToken);
}
