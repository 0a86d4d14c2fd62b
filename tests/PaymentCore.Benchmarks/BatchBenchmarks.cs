using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Transactions;
using PaymentCore.Testing.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// A batch of in-memory payments streamed through <see cref="BatchProcessor"/> at parallelism 1 and 2.
/// Items per second = <see cref="Items"/> / mean time. The store and authorizer keep nothing per payment
/// (<see cref="CountingStore"/>, <see cref="ApprovingAuthorizer"/>): the in-memory store and issuer keep every
/// record, which would measure them, not the engine's own memory.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    [Params(1, 2)]
    public int Parallelism { get; set; }

    [Params(100_000, 1_000_000)]
    public int Items { get; set; }

    [Benchmark]
    public async Task<long> StreamBatch()
    {
        var summary = await BatchMeasurement.RunBatchAsync(Items, Parallelism);
        return summary.Succeeded;
    }
}

/// <summary>
/// The same batch against an issuer that answers after 1 ms, as a remote one would: parallelism pays off when
/// items wait on I/O, whereas the in-memory batch above is CPU-bound and limited by the machine's cores.
/// </summary>
public class BatchLatencyBenchmarks
{
    [Params(1, 2, 4)]
    public int Parallelism { get; set; }

    [Params(2_000)]
    public int Items { get; set; }

    [Benchmark]
    public async Task<long> StreamBatchWithIssuerLatency()
    {
        var summary = await BatchMeasurement.RunBatchAsync(Items, Parallelism, TimeSpan.FromMilliseconds(1));
        return summary.Succeeded;
    }
}

/// <summary>pain.001 parsing throughput: transactions per second = <see cref="Transactions"/> / mean time.</summary>
[MemoryDiagnoser]
public class Pain001ParsingBenchmarks
{
    private string _path = string.Empty;

    [Params(100_000)]
    public int Transactions { get; set; }

    [GlobalSetup]
    public void Setup() => _path = BatchMeasurement.WritePain001(Transactions);

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public async Task<long> ReadTransactions()
    {
        long count = 0;
        await using var stream = File.OpenRead(_path);
        await foreach (var _ in Pain001Reader.ReadTransactionsAsync(stream))
        {
            count++;
        }

        return count;
    }

    [Benchmark]
    public async Task<long> ReadAsBatchItems()
    {
        long count = 0;
        await foreach (var _ in Pain001BatchSource.FromFile(_path).ReadAsync())
        {
            count++;
        }

        return count;
    }
}

/// <summary>The parts the benchmarks share, also callable from a plain measured console run.</summary>
public static class BatchMeasurement
{
    public static async Task<BatchSummary> RunBatchAsync(long items, int parallelism, TimeSpan issuerLatency = default)
    {
        var processor = new PaymentProcessor([], new ApprovingAuthorizer(issuerLatency), new CountingStore(), transactionIds: TestTransactionIds.Options());
        var batches = new BatchProcessor(processor, new BatchOptions { MaxDegreeOfParallelism = parallelism });
        long minor = 0;
        for (long i = 1; i <= items; i++)
        {
            minor += AmountOf(i);
        }

        var header = new BatchHeader
        {
            BatchId = "BENCH-" + items.ToString(CultureInfo.InvariantCulture),
            MerchantId = "bench",
            DebtorAccount = "DE89370400440532013000",
            DeclaredNumberOfTransactions = items,
            DeclaredControlSum = minor / 100m,
        };
        var summary = await batches.ProcessBatchAsync(header, new GeneratedItems(items));
        if (summary.Succeeded != items)
        {
            throw new InvalidOperationException($"Expected {items} paid, got {summary.Succeeded} ({summary.RejectionReason}).");
        }

        return summary;
    }

    /// <summary>Writes a pain.001.001.03 file of <paramref name="transactions"/> transactions in blocks of 1,000 and returns its path.</summary>
    public static string WritePain001(int transactions)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pain001-{transactions}-{Guid.NewGuid():N}.xml");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var ic = CultureInfo.InvariantCulture;
        long sum = 0;
        for (var i = 1; i <= transactions; i++)
        {
            sum += AmountOf(i);
        }

        writer.Write(string.Create(ic, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>
            <GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-21T09:00:00</CreDtTm><NbOfTxs>{transactions}</NbOfTxs><CtrlSum>{sum / 100m}</CtrlSum><InitgPty><Nm>Bench</Nm></InitgPty></GrpHdr>

            """));
        for (var i = 1; i <= transactions; i++)
        {
            if (i % 1000 == 1)
            {
                writer.Write(string.Create(ic, $"<PmtInf><PmtInfId>B-{i}</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt>2026-11-27</ReqdExctnDt><Dbtr><Nm>Bench</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>\n"));
            }

            writer.Write(string.Create(ic, $"<CdtTrfTxInf><PmtId><EndToEndId>E2E-{i}</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">{AmountOf(i) / 100m}</InstdAmt></Amt><CdtrAgt><FinInstnId><BIC>NWBKGB2L</BIC></FinInstnId></CdtrAgt><Cdtr><Nm>Creditor {i}</Nm></Cdtr><CdtrAcct><Id><IBAN>GB82WEST12345698765432</IBAN></Id></CdtrAcct><RmtInf><Ustrd>Salary</Ustrd></RmtInf></CdtTrfTxInf>\n"));
            if (i % 1000 == 0 || i == transactions)
            {
                writer.Write("</PmtInf>\n");
            }
        }

        writer.Write("</CstmrCdtTrfInitn></Document>\n");
        return path;
    }

    private static long AmountOf(long i) => 100 + (i % 900);

    private sealed class GeneratedItems(long count) : IBatchSource
    {
        public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (long i = 1; i <= count; i++)
            {
                yield return new BatchItem
                {
                    EndToEndId = "E2E-" + i.ToString(CultureInfo.InvariantCulture),
                    Amount = Money.FromMinor(AmountOf(i), Currency.EUR),
                    CreditorName = "Creditor",
                    CreditorAccount = "GB82WEST12345698765432",
                    Remittance = "Salary",
                };
            }

            await Task.CompletedTask;
        }
    }
}

/// <summary>
/// Approves everything and remembers nothing, so memory measures the engine, not the issuer. With
/// <paramref name="sells"/> it also takes automatic-capture payments as one-step sales (two writes, not three).
/// </summary>
public sealed class ApprovingAuthorizer(TimeSpan latency = default, bool sells = false) : ISaleAuthorizer
{
    private static readonly ValueTask<AuthorizerResult> Ok = new(AuthorizerResult.Approved("A000001"));

    public string Name => "approving";

    public bool SupportsSale(PaymentCore.Payments.PaymentRequest payment) => sells;

    public ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        AuthorizeAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        latency > TimeSpan.Zero ? DelayedAsync(cancellationToken) : Ok;

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Ok;

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Ok;

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Ok;

    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(AuthorizerResult.NotFound());

    private async ValueTask<AuthorizerResult> DelayedAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        return AuthorizerResult.Approved("A000001");
    }
}

/// <summary>A store that counts writes and keeps no records: for measuring memory over a million payments only.</summary>
public sealed class CountingStore : ITransactionStore
{
    private long _creates;
    private long _updates;

    public long Creates => Interlocked.Read(ref _creates);

    public long Updates => Interlocked.Read(ref _updates);

    public ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _creates);
        return new(new CreateResult(true, null));
    }

    public ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _updates);
        return new(true);
    }

    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) => new((TransactionRecord?)null);

    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) => new((TransactionRecord?)null);

    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default) => new(new TransactionPage([], null));

    public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The batch benchmarks run without rules.");

    public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
        new((IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>)[]);

    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask RecordDeliveryFailureAsync(global::PaymentCore.Outbox.DeliveryFailure failure, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) =>
        new((IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>)[]);

    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => new(false);

    public ValueTask<global::PaymentCore.Outbox.OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default) => new(default(global::PaymentCore.Outbox.OutboxBacklog));

    public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) =>
        new((IReadOnlyList<TransactionRecord>)[]);
}
