using PaymentCore.Monetary;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Iso20022.BankStatus;

/// <summary>Makes the operations of <see cref="IPaymentOperations"/> with the public methods of a <see cref="PaymentProcessor"/>.</summary>
internal sealed class ProcessorPaymentOperations(PaymentProcessor processor) : IPaymentOperations
{
    public ValueTask<TransactionRecord?> GetByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken) =>
        processor.GetByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);

    public async ValueTask<(TransactionRecord Record, string? Failure)> VoidAsync(string merchantId, TransactionId id, CancellationToken cancellationToken)
    {
        var result = await processor.VoidAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
        return (result.Transaction, Failure(result));
    }

    public ValueTask<TransactionRecord> MarkSettledAsync(string merchantId, TransactionId id, string reference, CancellationToken cancellationToken) =>
        processor.MarkSettledAsync(merchantId, id, reference, cancellationToken);

    public async ValueTask<(TransactionRecord Record, string? Failure)> RefundAsync(string merchantId, TransactionId id, Money amount, string refundKey, CancellationToken cancellationToken)
    {
        var result = await processor.RefundAsync(merchantId, id, amount, refundKey, cancellationToken).ConfigureAwait(false);
        return (result.Transaction, Failure(result));
    }

    private static string? Failure(PaymentResult result) => result.Outcome switch
    {
        PaymentOutcome.Failed => result.FailureReason ?? "The operation failed.",
        PaymentOutcome.Pending => "The outcome is unknown until recovery asks the authorizer.",
        _ => null,
    };
}
