using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Records that the bank settled a captured payment (pain.002 ACSC). Settlement is the bank's word, not an
/// authorizer operation: nothing is sent, and the first settlement recorded stays.
/// </summary>
/// <remarks>Thread-safe: stateless over the writer; a race with another writer is retried on a fresh read.</remarks>
internal sealed class BankSettlement(TransactionWriter writer, TimeProvider time)
{
    /// <summary>Sets the settlement of a payment once (<see cref="PaymentProcessor.MarkSettledAsync"/>).</summary>
    public async ValueTask<TransactionRecord> MarkSettledAsync(string merchantId, TransactionId id, string settlementReference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(settlementReference);
        if (settlementReference.Length > 140)
        {
            throw new ArgumentException($"The settlement reference must be at most 140 characters; it has {settlementReference.Length}.", nameof(settlementReference));
        }

        for (var attempt = 1; ; attempt++)
        {
            if (MerchantScope.Visible(await writer.Store.GetAsync(id, cancellationToken).ConfigureAwait(false), merchantId) is not { } record)
            {
                throw new TransactionNotFoundException(id);
            }

            if (record.SettledAt is not null)
            {
                return record;
            }

            try
            {
                return await writer.SaveAsync(record, PaymentStateMachine.Settle(record, settlementReference, time.GetUtcNow())).ConfigureAwait(false);
            }
            catch (ConcurrentUpdateException) when (attempt < 3)
            {
                // Another instance changed the record (or settled it) since we read it: read it again.
            }
        }
    }
}
