using System.Runtime.CompilerServices;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;

namespace PaymentCore.Tests.Batch;

/// <summary>A source over a list, re-openable, counting how often it was opened.</summary>
internal sealed class ListSource(IReadOnlyList<BatchItem> items) : IBatchSource
{
    public int Opened { get; private set; }

    public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Opened++;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
            await Task.CompletedTask;
        }
    }
}

/// <summary>A source that makes its items on the fly, so nothing but the current item is held.</summary>
internal sealed class GeneratedSource(long count, Func<long, BatchItem> make) : IBatchSource
{
    public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return make(i);
        }

        await Task.CompletedTask;
    }
}

/// <summary>Wraps an authorizer to count calls and the most calls in flight at once.</summary>
internal sealed class CountingAuthorizer(IAuthorizer inner, int delayMilliseconds = 0) : IAuthorizer
{
    private int _inFlight;
    private int _maxInFlight;
    private int _authorizations;

    public string Name => inner.Name;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Authorizations => Volatile.Read(ref _authorizations);

    public async ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _authorizations);
        return await TrackAsync(() => inner.AuthorizeAsync(request, cancellationToken));
    }

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => TrackAsync(() => inner.CaptureAsync(request, cancellationToken));

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => TrackAsync(() => inner.VoidAsync(request, cancellationToken));

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(request, cancellationToken);

    private async ValueTask<AuthorizerResult> TrackAsync(Func<ValueTask<AuthorizerResult>> call)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (delayMilliseconds > 0)
            {
                // Only to let calls overlap; nothing asserts on time.
                await Task.Delay(delayMilliseconds);
            }

            return await call();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

/// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class ProgressLog : IProgress<BatchProgress>
{
    private readonly List<BatchProgress> _reports = [];

    public IReadOnlyList<BatchProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(BatchProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}

/// <summary>An in-memory issuer, store and processor, and builders for batches.</summary>
internal sealed class BatchFixture
{
    public const string Debtor = "DE89370400440532013000";

    public BatchFixture(BatchOptions? options = null, int authorizerDelayMilliseconds = 0)
    {
        Issuer = new InMemoryAuthorizer();
        Authorizer = new CountingAuthorizer(Issuer, authorizerDelayMilliseconds);
        Processor = new PaymentProcessor([], Authorizer, Store, null, Time);
        Batches = new BatchProcessor(Processor, options, Time);
    }

    public FastForwardTimeProvider Time { get; } = new(); // retries back off: let their waits pass at once

    public InMemoryAuthorizer Issuer { get; }

    public CountingAuthorizer Authorizer { get; }

    public InMemoryTransactionStore Store { get; } = new();

    public PaymentProcessor Processor { get; }

    public BatchProcessor Batches { get; }

    /// <summary>The debtor account as the engine submits it (ISO 13616 print format).</summary>
    public static string DebtorToken => "DE89370400440532013000";

    public static BatchItem Item(string e2e, Money amount, string creditor = "FR1420041010050500013M02606", string? debtor = null) => new()
    {
        EndToEndId = e2e,
        Amount = amount,
        CreditorName = "Creditor " + e2e,
        CreditorAccount = creditor,
        Remittance = "Salary " + e2e,
        DebtorAccount = debtor,
    };

    public static BatchHeader Header(IReadOnlyList<BatchItem> items, string batchId = "BATCH-1", long? count = null, decimal? sum = null) => new()
    {
        BatchId = batchId,
        MerchantId = "payroll-co",
        DebtorAccount = Debtor,
        RequestedExecutionDate = new DateOnly(2026, 11, 23),
        DeclaredNumberOfTransactions = count ?? items.Count,
        DeclaredControlSum = sum ?? items.Sum(i => i.ControlAmount),
    };

    public static List<BatchItem> Items(int count, Currency currency, decimal major = 10.05m) =>
        [.. Enumerable.Range(1, count).Select(i => Item($"E2E-{i:D5}", Money.FromMajor(major, currency)))];
}
