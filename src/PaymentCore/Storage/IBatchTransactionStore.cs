using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>
/// A store that can create many records in one transaction: the write path of batch payments, where one commit
/// (one fsync) per item would bound throughput by the disk's flush rate rather than by the work.
/// </summary>
/// <remarks>Optional: batch code checks for it and falls back to <see cref="ITransactionStore.TryCreateAsync"/> per item. Implementations must be thread-safe.</remarks>
public interface IBatchTransactionStore : ITransactionStore
{
    /// <summary>
    /// Creates each record (version 1) with its event, all in one transaction; an item whose merchant and
    /// idempotency key already exist (stored before, or earlier in the same list) is not written and gets the
    /// existing record back. Either every new item is written with its event, or none is (the call throws).
    /// </summary>
    /// <param name="items">The records and their first events.</param>
    /// <param name="cancellationToken">Cancels the call before it commits.</param>
    /// <returns>One result per item, in the order of <paramref name="items"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its parts is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A record is not at version 1.</exception>
    ValueTask<IReadOnlyList<CreateResult>> CreateManyAsync(IReadOnlyList<(TransactionRecord Record, PaymentEvent Event)> items, CancellationToken cancellationToken = default);
}
