using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Rules;
using PaymentCore.Transactions;

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
    /// Claims outbox events that are due (<see cref="OutboxMessage.NextAttemptAt"/> at or before <paramref name="now"/>),
    /// not dead-lettered and not claimed by someone else, for <paramref name="lease"/>, oldest first. Several instances
    /// may call this at once; each event goes to one of them until its lease runs out.
    /// </summary>
    /// <param name="maxCount">The most events to claim.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed events.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks events delivered, removing them from the outbox, in one write. Unknown or delivered ids are ignored.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery: its attempt count and next attempt time, or that it is now a dead letter. The claim is released.</summary>
    /// <param name="failure">The failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Lists dead-lettered events, oldest first.</summary>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Re-drives a dead letter: it becomes due at <paramref name="now"/> with its attempts reset.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the event was a dead letter; <see langword="false"/> when unknown or not dead-lettered.</returns>
    ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts what the outbox holds.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The backlog.</returns>
    ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists records recovery must look at now: those whose <see cref="TransactionRecord.DueAt"/> is at or before
    /// <paramref name="now"/>, earliest due first (then by id). Records with no due time are never listed, so
    /// healthy manual authorizations waiting for the merchant do not crowd out an unknown outcome.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most records to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);
}
