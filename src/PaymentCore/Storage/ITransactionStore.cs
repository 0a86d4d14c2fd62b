using PaymentCore.Notifications;
using PaymentCore.Rules;

namespace PaymentCore.Storage;

/// <summary>
/// Keeps transaction records and their outbox of events. The contract every store keeps (the contract tests in
/// PaymentCore.Testing check it):
/// <list type="bullet">
/// <item>one record per (merchant, idempotency key), enforced by the store even across processes;</item>
/// <item>updates apply only at the expected version (optimistic concurrency) and never lose a concurrent change;</item>
/// <item>a state change and its event are written atomically: no event for a change that was not recorded, no change without its event;</item>
/// <item>what is written is read back equal, field by field.</item>
/// </list>
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface ITransactionStore
{
    /// <summary>Creates a record (version 1) with the event of its first state change, unless one exists for its merchant and idempotency key.</summary>
    /// <param name="record">The record.</param>
    /// <param name="paymentEvent">Its event, written to the outbox in the same transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Created, or the existing record.</returns>
    ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default);

    /// <summary>Replaces a record if the stored one is still at <paramref name="expectedVersion"/>.</summary>
    /// <param name="record">The new record, at <paramref name="expectedVersion"/> + 1.</param>
    /// <param name="expectedVersion">The version the change was made from.</param>
    /// <param name="paymentEvent">The event of the change, written in the same transaction; <see langword="null"/> for a change that moves no state (a pending operation).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when the stored version differs (nothing is written).</returns>
    /// <exception cref="ArgumentException"><paramref name="record"/> is not at <paramref name="expectedVersion"/> + 1.</exception>
    ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default);

    /// <summary>Reads a record by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default);

    /// <summary>Reads a record by merchant and idempotency key.</summary>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of records matching a query, in creation order.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a payer's payments in one currency created in (<paramref name="from"/>, <paramref name="until"/>],
    /// declined and failed ones excluded, for velocity rules. The window ends at and includes now, so a burst of
    /// payments within one clock tick all count; a payment exactly one window old has left it.
    /// </summary>
    /// <param name="payerToken">The payer.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="from">The exclusive start.</param>
    /// <param name="until">The inclusive end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count and the sum, with <see cref="PayerActivity.Window"/> = <paramref name="until"/> − <paramref name="from"/>.</returns>
    ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims undelivered events that occurred before <paramref name="occurredBefore"/> and are not claimed by
    /// someone else, for <paramref name="lease"/>, oldest first. Several instances may call this at once; each
    /// event goes to one of them until its lease runs out.
    /// </summary>
    /// <param name="maxCount">The most events to claim.</param>
    /// <param name="occurredBefore">Only events older than this (leave fresh ones to the instance that wrote them).</param>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed events.</returns>
    ValueTask<IReadOnlyList<PaymentEvent>> ClaimUndeliveredEventsAsync(int maxCount, DateTimeOffset occurredBefore, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks an event delivered, removing it from the outbox. Marking an unknown or delivered event does nothing.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask MarkDeliveredAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists records that recovery must look at: in <see cref="TransactionStatus.Received"/> or
    /// <see cref="TransactionStatus.Authorized"/>, or with a <see cref="TransactionRecord.Pending"/> operation,
    /// and last updated before <paramref name="updatedBefore"/>; oldest update first.
    /// </summary>
    /// <param name="updatedBefore">The threshold.</param>
    /// <param name="maxCount">The most records to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<TransactionRecord>> GetUnfinishedAsync(DateTimeOffset updatedBefore, int maxCount, CancellationToken cancellationToken = default);
}
