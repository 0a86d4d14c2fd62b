using System.Diagnostics;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Telemetry;

/// <summary>
/// The <c>PaymentCore</c> activity source and the spans it starts (docs/observability.md). Each start returns
/// <see langword="null"/> when nobody listens, so an untraced payment pays one check per span.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal static class PaymentCoreActivities
{
    public static ActivitySource Source { get; } = new(PaymentCoreTelemetry.ActivitySourceName, typeof(PaymentCoreActivities).Assembly.GetName().Version?.ToString(3));

    /// <summary>A processor operation: <c>paymentcore.process</c>, <c>.capture</c>, <c>.void</c> or <c>.refund</c>.</summary>
    public static Activity? StartOperation(PaymentOperation operation) =>
        Source.StartActivity(operation switch
        {
            PaymentOperation.Process => "paymentcore.process",
            PaymentOperation.Capture => "paymentcore.capture",
            PaymentOperation.Void => "paymentcore.void",
            _ => "paymentcore.refund",
        });

    /// <summary>One call to an authorizer: <c>paymentcore.authorizer.authorize</c>, <c>.capture</c>, <c>.void</c>, <c>.refund</c>, <c>.sale</c> or <c>.query</c>.</summary>
    public static Activity? StartAuthorizerCall(string authorizer, AuthorizerOperation operation, bool query, TransactionId transactionId)
    {
        var activity = Source.StartActivity(query ? "paymentcore.authorizer.query" : "paymentcore.authorizer." + PaymentCoreMetrics.OperationName(operation), ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("paymentcore.authorizer", authorizer);
            activity.SetTag("paymentcore.operation", PaymentCoreMetrics.OperationName(operation));
            activity.SetTag("paymentcore.transaction.id", transactionId.ToString()); // formatted only when traced
        }

        return activity;
    }

    /// <summary>One store write (a record and its event): <c>paymentcore.store.write</c>.</summary>
    public static Activity? StartStoreWrite(string kind)
    {
        var activity = Source.StartActivity("paymentcore.store.write", ActivityKind.Client);
        activity?.SetTag("paymentcore.store.operation", kind);
        return activity;
    }

    /// <summary>
    /// The delivery of one event (<c>paymentcore.event.deliver</c>), a child of the operation that wrote it when
    /// the event carries its <see cref="PaymentEvent.TraceParent"/>: the trace runs from the payment to the webhook.
    /// </summary>
    public static Activity? StartDelivery(PaymentEvent paymentEvent)
    {
        ActivityContext.TryParse(paymentEvent.TraceParent, null, out var parent);
        var activity = Source.StartActivity("paymentcore.event.deliver", ActivityKind.Producer, parent);
        if (activity is not null)
        {
            activity.SetTag("paymentcore.event.type", paymentEvent.Type);
            activity.SetTag("paymentcore.event.id", paymentEvent.EventId.ToString());
            activity.SetTag("paymentcore.transaction.id", paymentEvent.TransactionId.ToString());
        }

        return activity;
    }

    /// <summary>The W3C <c>traceparent</c> of the current span, if any: stamped on events so deliveries join the trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
}
