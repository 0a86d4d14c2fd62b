using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// The answer a caller waits for when it started an operation itself (a payment's authorization, a capture, a void,
/// a refund): what the runner recorded, or, when another writer recorded the answer first, what the record says.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class CallerAnswer
{
    /// <summary>
    /// Sends the operation in flight on <paramref name="begun"/> (the authorization of a Received record) and records
    /// the answer; if another writer changed the record meanwhile, answers from what is recorded instead of failing
    /// the caller. Takes the record, not a callback: no closure per payment on the hot path.
    /// </summary>
    public static async ValueTask<PaymentResult> RunAsync(OperationRunner runner, TransactionRecord begun, PaymentOperation operation, CardVerificationCode? verificationCode = null)
    {
        var id = begun.Id;
        try
        {
            return (await runner.RunAsync(begun, verificationCode).ConfigureAwait(false)).ToResult(operation);
        }
        catch (ConcurrentUpdateException)
        {
            // Recovery in another instance recorded the answer first (the operation outlived RecoverAfter); what the
            // record says about this operation now is the truth: done, refused, or still unknown. If it no longer
            // says (the other writer cleared the intent), nothing can be told honestly: the concurrent update is.
            var current = await ReloadAsync(runner, id, CancellationToken.None).ConfigureAwait(false);
            var answer = operation == PaymentOperation.Process || begun.Pending is null
                ? RecordedOutcome.OfPayment(current, replayed: false)
                : RecordedOutcome.OfOperationSince(current, operation, begun.Version, begun.Pending.AuthorizerKey);
            if (answer is null)
            {
                throw;
            }

            return answer.Value;
        }
    }

    // After the processor's own write the record is known to be this merchant's: reread it unscoped.
    private static async ValueTask<TransactionRecord> ReloadAsync(OperationRunner runner, TransactionId id, CancellationToken cancellationToken) =>
        await runner.Writer.Store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(id);
}
