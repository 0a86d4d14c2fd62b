using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Testing.Generators;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.PropertyTests;

/// <summary>
/// A processor on in-memory parts with a fake clock, and synchronous wrappers for use inside FsCheck lambdas.
/// </summary>
/// <remarks>
/// The wrappers block with <c>.AsTask().GetAwaiter().GetResult()</c>. That is safe here, and only here, because
/// every part is in memory (InMemoryAuthorizer, InMemoryTransactionStore, InMemoryNotifier, FakeTimeProvider)
/// and completes synchronously: no continuation ever waits for a thread, so nothing can deadlock.
/// </remarks>
internal sealed class ProcessorHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public ProcessorHarness(IEnumerable<IPaymentRule>? rules = null)
    {
        // Unkeyed ids: the harness looks records up by TransactionId.For, the derivation without a secret.
        Processor = new PaymentProcessor(rules ?? [], Issuer, Store, null, Time, transactionIds: Microsoft.Extensions.Options.Options.Create(new TransactionIdOptions { AllowUnkeyed = true }));
        Dispatcher = new global::PaymentCore.Outbox.OutboxDispatcher(Store, [Notifier], null, Time);
    }

    /// <summary>Gets the dispatcher that delivers the outbox to <see cref="Notifier"/>.</summary>
    public global::PaymentCore.Outbox.OutboxDispatcher Dispatcher { get; }

    // Retries back off by default; the clock jumps to each wait so a transient failure cannot stall a property.
    public FastForwardTimeProvider Time { get; } = new(Start);

    public InMemoryAuthorizer Issuer { get; } = new();

    public InMemoryTransactionStore Store { get; } = new();

    public InMemoryNotifier Notifier { get; } = new();

    public PaymentProcessor Processor { get; }

    public PaymentResult Process(PaymentRequest request) => Processor.ProcessAsync(request).AsTask().GetAwaiter().GetResult();

    public TransactionRecord Get(TransactionId id) => Store.GetAsync(id).AsTask().GetAwaiter().GetResult()!;

    /// <summary>Applies one generated operation. Returns the result, or the exception a refused operation threw.</summary>
    public (PaymentResult? Result, Exception? Refusal) Apply(PaymentRequest request, OperationStep op, List<(string Key, Money Amount)> refunds)
    {
        var id = TransactionId.For(request.MerchantId, request.IdempotencyKey);
        var record = Get(id);
        try
        {
            PaymentResult result;
            switch (op.Kind)
            {
                case OperationStepKind.Capture:
                    result = Processor.CaptureAsync(request.MerchantId, id).AsTask().GetAwaiter().GetResult();
                    break;
                case OperationStepKind.PartialCapture:
                    result = Processor.CaptureAsync(request.MerchantId, id, op.Share(record.Authorized.IsZero ? record.Amount : record.Authorized)).AsTask().GetAwaiter().GetResult();
                    break;
                case OperationStepKind.Void:
                    result = Processor.VoidAsync(request.MerchantId, id).AsTask().GetAwaiter().GetResult();
                    break;
                case OperationStepKind.Refund:
                case OperationStepKind.PartialRefund:
                    var left = record.Refundable.IsZero ? record.Amount : record.Refundable;
                    var amount = op.Kind == OperationStepKind.Refund ? left : op.Share(left);
                    var key = $"refund-{refunds.Count}";
                    refunds.Add((key, amount));
                    result = Processor.RefundAsync(request.MerchantId, id, amount, key).AsTask().GetAwaiter().GetResult();
                    break;
                case OperationStepKind.ReplayRefund:
                    if (refunds.Count == 0)
                    {
                        return (null, null);
                    }

                    var earlier = refunds[op.Pick % refunds.Count];
                    result = Processor.RefundAsync(request.MerchantId, id, earlier.Amount, earlier.Key).AsTask().GetAwaiter().GetResult();
                    break;
                case OperationStepKind.ReplaySameRequest:
                    result = Process(request);
                    break;
                default:
                    result = Process(request with { Amount = request.Amount + Money.FromMinor(1, request.Amount.Currency) });
                    break;
            }

            return (result, null);
        }
        catch (Exception ex) when (ex is PaymentValidationException or InvalidTransitionException or IdempotencyConflictException or OperationInProgressException)
        {
            return (null, ex);
        }
    }
}
