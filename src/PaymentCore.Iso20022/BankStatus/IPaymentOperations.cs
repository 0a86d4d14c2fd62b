using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Iso20022.BankStatus;

/// <summary>
/// The few payment operations applying a bank's status needs. A seam, so the applier does not depend on the shape of
/// <see cref="PaymentCore.Processing.PaymentProcessor"/> beyond these three calls (<see cref="ProcessorPaymentOperations"/> makes them).
/// </summary>
internal interface IPaymentOperations
{
    ValueTask<TransactionRecord?> GetByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken);

    /// <returns>The record after the void, and why it failed when it did.</returns>
    ValueTask<(TransactionRecord Record, string? Failure)> VoidAsync(string merchantId, TransactionId id, CancellationToken cancellationToken);

    /// <returns>The record after the refund, and why it failed when it did.</returns>
    ValueTask<TransactionRecord> MarkSettledAsync(string merchantId, TransactionId id, string reference, CancellationToken cancellationToken);

    ValueTask<(TransactionRecord Record, string? Failure)> RefundAsync(string merchantId, TransactionId id, Money amount, string refundKey, CancellationToken cancellationToken);
}
