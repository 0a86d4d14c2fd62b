using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// The operations on an authorized payment: capture, void and refund. Each reads the merchant's record, answers a
/// repeat from what the record says happened, checks that the state and the amount allow the operation, then writes
/// its intent and sends it (<see cref="OperationRunner"/>), so one operation at a time reaches the authorizer.
/// </summary>
/// <remarks>Thread-safe: stateless over thread-safe collaborators.</remarks>
internal sealed class PostAuthorizationOperations(OperationRunner runner, TimeProvider time)
{
    /// <summary>Captures an authorized payment, fully or partly (<see cref="PaymentProcessor.CaptureAsync"/>).</summary>
    public async ValueTask<PaymentResult> CaptureAsync(string merchantId, TransactionId id, Money? amount, bool finalCapture, string? captureKey, CancellationToken cancellationToken)
    {
        OperationKeyRules.Check(captureKey, nameof(captureKey), required: false);
        var record = await LoadAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
        if (Replay(record, captureKey, amount, PaymentOperation.Capture) is { } replay)
        {
            return replay;
        }

        if (captureKey is null && !record.CaptureOpen && record.Status is TransactionStatus.Captured or TransactionStatus.PartiallyRefunded or TransactionStatus.Refunded
            && (amount is null || amount == record.Captured))
        {
            return RecordedOutcome.Result(record, PaymentOperation.Capture, PaymentOutcome.Approved, replayed: true);
        }

        if (record.Pending is null && !(record.Status == TransactionStatus.Authorized || record.CaptureOpen))
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Captured);
        }

        var toCapture = amount ?? record.Capturable;
        if (record.Pending is null)
        {
            PaymentRequestValidator.ValidateOperationAmount(toCapture, record.Capturable, "capture");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var intent = new PendingOperation(AuthorizerOperation.Capture, captureKey, toCapture, time.GetUtcNow(), false, FinalCapture: finalCapture);
        return await StartAsync(record, intent, PaymentOperation.Capture).ConfigureAwait(false);
    }

    /// <summary>Releases an authorization without capturing it (<see cref="PaymentProcessor.VoidAsync"/>).</summary>
    public async ValueTask<PaymentResult> VoidAsync(string merchantId, TransactionId id, CancellationToken cancellationToken)
    {
        var record = await LoadAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
        if (record.Status == TransactionStatus.Voided)
        {
            return RecordedOutcome.Result(record, PaymentOperation.Void, PaymentOutcome.Approved, replayed: true);
        }

        if (record.Pending is null && !(record.Status == TransactionStatus.Authorized || record.CaptureOpen))
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Voided);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var intent = new PendingOperation(AuthorizerOperation.Void, null, record.Capturable, time.GetUtcNow(), false);
        return await StartAsync(record, intent, PaymentOperation.Void).ConfigureAwait(false);
    }

    /// <summary>Refunds part or all of a captured payment (<see cref="PaymentProcessor.RefundAsync"/>).</summary>
    public async ValueTask<PaymentResult> RefundAsync(string merchantId, TransactionId id, Money amount, string refundKey, CancellationToken cancellationToken)
    {
        OperationKeyRules.Check(refundKey, nameof(refundKey), required: true);
        var record = await LoadAsync(merchantId, id, cancellationToken).ConfigureAwait(false);
        if (Replay(record, refundKey, amount, PaymentOperation.Refund) is { } replay)
        {
            return replay;
        }

        if (record.Pending is null && (record.Status is not (TransactionStatus.Captured or TransactionStatus.PartiallyRefunded) || record.CaptureOpen))
        {
            throw new InvalidTransitionException(record.Id, record.Status, TransactionStatus.Refunded);
        }

        if (record.Pending is null)
        {
            PaymentRequestValidator.ValidateOperationAmount(amount, record.Refundable, "refund");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var intent = new PendingOperation(AuthorizerOperation.Refund, refundKey, amount, time.GetUtcNow(), false);
        return await StartAsync(record, intent, PaymentOperation.Refund).ConfigureAwait(false);
    }

    private async ValueTask<PaymentResult> StartAsync(TransactionRecord record, PendingOperation intent, PaymentOperation operation)
    {
        if (record.Pending is { } pending)
        {
            // The same caller key again while its operation is in flight: say so; anything else waits its turn.
            return pending.Operation == intent.Operation && pending.OperationKey is not null && string.Equals(pending.OperationKey, intent.OperationKey, StringComparison.Ordinal) && pending.Amount == intent.Amount
                ? RecordedOutcome.Result(record, operation, PaymentOutcome.Pending, replayed: true, reason: pending.Operation.ToString().ToLowerInvariant() + "_in_flight")
                : throw new OperationInProgressException(record.Id, pending.Operation, operation);
        }

        var begun = await runner.BeginAsync(record, intent, operation).ConfigureAwait(false);
        return await CallerAnswer.RunAsync(runner, begun, operation).ConfigureAwait(false);
    }

    /// <summary>A capture or refund already recorded under the caller's key returns its outcome again.</summary>
    private static PaymentResult? Replay(TransactionRecord record, string? key, Money? amount, PaymentOperation operation)
    {
        if (key is null)
        {
            return null;
        }

        foreach (var change in record.History)
        {
            if (string.Equals(change.OperationKey, key, StringComparison.Ordinal))
            {
                return amount is null || change.Amount == amount
                    ? RecordedOutcome.OfOperation(record, change, operation)
                    : throw new IdempotencyConflictException(record.Id, key, ["Amount"]);
            }
        }

        return null;
    }

    private async ValueTask<TransactionRecord> LoadAsync(string merchantId, TransactionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        return MerchantScope.Require(await runner.Writer.Store.GetAsync(id, cancellationToken).ConfigureAwait(false), id, merchantId);
    }
}
