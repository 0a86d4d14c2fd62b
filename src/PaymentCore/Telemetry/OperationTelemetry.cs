using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PaymentCore.Monetary;
using PaymentCore.Processing;

namespace PaymentCore.Telemetry;

/// <summary>
/// What one processor operation reports: its span, its duration and count (by operation, outcome and currency), and
/// a debug line with ids only. Started before the operation and completed once with its result or its exception.
/// </summary>
/// <remarks>A value on the caller's stack: no allocation when nobody listens.</remarks>
internal readonly struct OperationTelemetry
{
    private readonly PaymentCoreMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly PaymentOperation _operation;
    private readonly Currency? _currency;

    private OperationTelemetry(PaymentCoreMetrics metrics, TimeProvider time, ILogger logger, PaymentOperation operation, Currency? currency)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _operation = operation;
        _currency = currency;
        _activity = PaymentCoreActivities.StartOperation(operation);
        _started = time.GetTimestamp();
    }

    public static OperationTelemetry Start(PaymentCoreMetrics metrics, TimeProvider time, ILogger logger, PaymentOperation operation, Currency? currency = null) =>
        new(metrics, time, logger, operation, currency);

    public PaymentResult Completed(PaymentResult result)
    {
        var outcome = PaymentCoreMetrics.OutcomeName(result.Outcome);
        var transaction = result.Transaction;
        _metrics.RecordPayment(_operation, outcome, transaction.Amount.Currency, _time.GetElapsedTime(_started), errorType: null);
        if (_activity is not null)
        {
            _activity.SetTag("paymentcore.transaction.id", transaction.Id.ToString());
            _activity.SetTag("paymentcore.outcome", outcome);
            _activity.SetTag("paymentcore.replayed", result.Replayed);
            if (result.Outcome == PaymentOutcome.Failed)
            {
                _activity.SetStatus(ActivityStatusCode.Error, "failed");
            }

            _activity.Dispose();
        }

        PaymentCoreLog.OperationCompleted(_logger, _operation, transaction.Id, result.Outcome, result.Replayed);
        return result;
    }

    public void Faulted(Exception exception)
    {
        // The type only: an exception's message may quote what the caller sent.
        var type = exception.GetType().Name;
        _metrics.RecordPayment(_operation, "error", _currency, _time.GetElapsedTime(_started), type);
        if (_activity is not null)
        {
            _activity.SetTag("error.type", type);
            _activity.SetStatus(ActivityStatusCode.Error, type);
            _activity.Dispose();
        }

        PaymentCoreLog.OperationFaulted(_logger, _operation, type);
    }
}
