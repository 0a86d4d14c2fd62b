using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Monetary;
using PaymentCore.Outbox;
using PaymentCore.Processing;
using PaymentCore.Recovery;

namespace PaymentCore.Telemetry;

/// <summary>
/// Every instrument of the <c>PaymentCore</c> meter, in one place, so names, units and tags are decided once
/// (docs/observability.md lists them). Tags are low-cardinality by construction: enum names, authorizer names
/// (a handful per service), ISO 4217 codes and reason prefixes; never an amount, id, key or caller text.
/// </summary>
/// <remarks>Thread-safe: instruments are; the backlog is one reference swapped atomically.</remarks>
internal sealed class PaymentCoreMetrics
{
    // Seconds: a payment round trip is milliseconds to tens of seconds (an issuer's timeout).
    private static readonly IReadOnlyList<double> DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // One set of instruments per meter factory (one per container): the processor, the dispatcher and recovery share
    // it, so the backlog gauge is registered once and the dispatcher's counts are what it reports.
    private static readonly ConditionalWeakTable<IMeterFactory, PaymentCoreMetrics> ByFactory = [];

    private readonly Meter _meter;
    private StrongBox<OutboxBacklog>? _backlog;

    private PaymentCoreMetrics(IMeterFactory? meterFactory)
    {
        var version = typeof(PaymentCoreMetrics).Assembly.GetName().Version?.ToString(3);
        _meter = meterFactory?.Create(new MeterOptions(PaymentCoreTelemetry.MeterName) { Version = version })
            ?? new Meter(PaymentCoreTelemetry.MeterName, version);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        PaymentDuration = _meter.CreateHistogram("paymentcore.payment.duration", "s", "How long a payment operation took, from the call to its recorded outcome.", advice: seconds);
        Payments = _meter.CreateCounter<long>("paymentcore.payments", "{operation}", "Payment operations completed, by outcome.");
        AuthorizerDuration = _meter.CreateHistogram("paymentcore.authorizer.duration", "s", "How long one call to an authorizer took.", advice: seconds);
        AuthorizerRetries = _meter.CreateCounter<long>("paymentcore.authorizer.retries", "{retry}", "Calls to an authorizer sent again after a transient failure.");
        Backlog = _meter.CreateObservableGauge("paymentcore.outbox.backlog", ObserveBacklog, "{event}", "Events waiting in the outbox, as last counted by a dispatch.");
        DeadLetters = _meter.CreateCounter<long>("paymentcore.outbox.dead_letters", "{event}", "Events dead-lettered after their deliveries kept failing.");
        Resolved = _meter.CreateCounter<long>("paymentcore.recovery.resolved", "{record}", "Records recovery settled, by what it recorded.");
        Unresolved = _meter.CreateCounter<long>("paymentcore.recovery.unresolved", "{record}", "Records recovery could not settle yet, by reason.");
        BatchItems = _meter.CreateCounter<long>("paymentcore.batch.items", "{item}", "Batch items finished, by status.");
    }

    /// <summary>Gets the instruments on a meter of its own, for processors built without a container.</summary>
    public static PaymentCoreMetrics Shared { get; } = new(null);

    public Histogram<double> PaymentDuration { get; }

    public Counter<long> Payments { get; }

    public Histogram<double> AuthorizerDuration { get; }

    public Counter<long> AuthorizerRetries { get; }

    public ObservableGauge<long> Backlog { get; }

    public Counter<long> DeadLetters { get; }

    public Counter<long> Resolved { get; }

    public Counter<long> Unresolved { get; }

    public Counter<long> BatchItems { get; }

    /// <summary>The instruments on the container's meter factory, or <see cref="Shared"/> without one.</summary>
    public static PaymentCoreMetrics For(IMeterFactory? meterFactory) => meterFactory is null ? Shared : ByFactory.GetValue(meterFactory, static f => new PaymentCoreMetrics(f));

    public void RecordPayment(PaymentOperation operation, string outcome, Currency? currency, TimeSpan elapsed, string? errorType)
    {
        var tags = new TagList
        {
            { "paymentcore.operation", OperationName(operation) },
            { "paymentcore.outcome", outcome },
        };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        PaymentDuration.Record(elapsed.TotalSeconds, tags);
        if (currency is { } c)
        {
            tags.Add("paymentcore.currency", c.Code);
        }

        Payments.Add(1, tags);
    }

    public void RecordAuthorizerCall(string authorizer, AuthorizerOperation operation, AuthorizerOutcome outcome, TimeSpan elapsed) =>
        AuthorizerDuration.Record(elapsed.TotalSeconds, new TagList
        {
            { "paymentcore.authorizer", authorizer },
            { "paymentcore.operation", OperationName(operation) },
            { "paymentcore.outcome", OutcomeName(outcome) },
        });

    public void RecordAuthorizerRetry(string authorizer, AuthorizerOperation operation) =>
        AuthorizerRetries.Add(1, new TagList
        {
            { "paymentcore.authorizer", authorizer },
            { "paymentcore.operation", OperationName(operation) },
        });

    public void RecordBacklog(OutboxBacklog backlog) => Volatile.Write(ref _backlog, new StrongBox<OutboxBacklog>(backlog));

    public void RecordDeadLetter() => DeadLetters.Add(1);

    public void RecordRecovery(RecoverySummary summary)
    {
        Resolve("authorized", summary.Authorized);
        Resolve("captured", summary.Captured);
        Resolve("voided", summary.Voided);
        Resolve("refunded", summary.Refunded);
        Resolve("declined", summary.Declined);
        Resolve("failed", summary.Failed);
        foreach (var (reason, count) in summary.UnresolvedReasons)
        {
            Unresolved.Add(count, new KeyValuePair<string, object?>("paymentcore.reason", ReasonOf(reason)));
        }
    }

    public void RecordBatchItem(BatchItemStatus status) =>
        BatchItems.Add(1, new KeyValuePair<string, object?>("paymentcore.status", StatusName(status)));

    /// <summary>
    /// A reason's stable prefix: <c>capture_failed:card_expired</c> becomes <c>capture_failed</c>, because what follows
    /// the colon is an authorizer's code, which the meter cannot bound.
    /// </summary>
    internal static string ReasonOf(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? reason : reason[..colon];
        return prefix.Length is > 0 and <= 40 ? prefix : "other";
    }

    internal static string OperationName(PaymentOperation operation) => operation switch
    {
        PaymentOperation.Process => "process",
        PaymentOperation.Capture => "capture",
        PaymentOperation.Void => "void",
        PaymentOperation.Refund => "refund",
        _ => "other",
    };

    internal static string OperationName(AuthorizerOperation operation) => operation switch
    {
        AuthorizerOperation.Authorize => "authorize",
        AuthorizerOperation.Capture => "capture",
        AuthorizerOperation.Void => "void",
        AuthorizerOperation.Refund => "refund",
        AuthorizerOperation.Sale => "sale",
        _ => "other",
    };

    internal static string OutcomeName(PaymentOutcome outcome) => outcome switch
    {
        PaymentOutcome.Approved => "approved",
        PaymentOutcome.Declined => "declined",
        PaymentOutcome.Failed => "failed",
        PaymentOutcome.Pending => "pending",
        _ => "other",
    };

    internal static string OutcomeName(AuthorizerOutcome outcome) => outcome switch
    {
        AuthorizerOutcome.Approved => "approved",
        AuthorizerOutcome.Declined => "declined",
        AuthorizerOutcome.TransientFailure => "transient_failure",
        AuthorizerOutcome.PermanentFailure => "permanent_failure",
        AuthorizerOutcome.Unreachable => "unreachable",
        AuthorizerOutcome.Unknown => "unknown",
        AuthorizerOutcome.NotFound => "not_found",
        _ => "other",
    };

    private static string StatusName(BatchItemStatus status) => status switch
    {
        BatchItemStatus.Succeeded => "succeeded",
        BatchItemStatus.Rejected => "rejected",
        BatchItemStatus.Declined => "declined",
        BatchItemStatus.Failed => "failed",
        BatchItemStatus.Voided => "voided",
        BatchItemStatus.Pending => "pending",
        _ => "other",
    };

    private void Resolve(string outcome, int count)
    {
        if (count > 0)
        {
            Resolved.Add(count, new KeyValuePair<string, object?>("paymentcore.outcome", outcome));
        }
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        if (Volatile.Read(ref _backlog) is not { } box)
        {
            return [];
        }

        var backlog = box.Value;

        return
        [
            new Measurement<long>(backlog.Pending, new KeyValuePair<string, object?>("paymentcore.state", "pending")),
            new Measurement<long>(backlog.DeadLettered, new KeyValuePair<string, object?>("paymentcore.state", "dead_lettered")),
        ];
    }
}
