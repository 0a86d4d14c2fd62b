using PaymentCore.Audit;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Storage;
using PaymentCore.Telemetry;

namespace PaymentCore.Transactions;

/// <summary>
/// Writes a payment's records: each change with its event in one store write (the outbox), at the version it was
/// made from, stamped with when recovery should next look at it, and, when the store keeps an audit chain
/// (<see cref="IAuditedTransactionStore"/>) and <see cref="PaymentProcessorOptions.Audit"/> is on, with its audit
/// entries in the same store transaction. Nothing is delivered here: the <see cref="Outbox.OutboxDispatcher"/> does
/// that off the payment path.
/// </summary>
/// <remarks>
/// <para>
/// Other parts of the processor (step-up, for one) append their own entries to a change with
/// <see cref="SaveAsync(TransactionRecord, TransactionRecord, IReadOnlyList{AuditEvent}?)"/>: build them with
/// <see cref="NewAuditEvent"/> and pass them as <c>audit</c>; they are written after the change's own entry, in the
/// same transaction, or not at all. An entry that records no change (a refusal) goes through <see cref="RecordAsync"/>.
/// </para>
/// <para>Thread-safe: stateless over a thread-safe store.</para>
/// </remarks>
internal sealed class TransactionWriter(ITransactionStore store, PaymentProcessorOptions options, TimeProvider time)
{
    private readonly IAuditedTransactionStore? _audited = options.Audit ? store as IAuditedTransactionStore : null;

    public ITransactionStore Store => store;

    /// <summary>Gets whether changes are audited (the store keeps a chain and the option is on).</summary>
    public bool Audits => _audited is not null;

    /// <summary>Creates the record with its event (and its audit entry); returns the record already under the key, or <see langword="null"/> when created.</summary>
    public async ValueTask<TransactionRecord?> CreateAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        record = Stamp(record);
        var paymentEvent = Traced(PaymentEvent.For(record));
        using var activity = PaymentCoreActivities.StartStoreWrite("create");
        var result = _audited is { } audited
            ? await audited.TryCreateAuditedAsync(record, paymentEvent, [PaymentAuditEvents.Created(record, time.GetUtcNow())], cancellationToken).ConfigureAwait(false)
            : await store.TryCreateAsync(record, paymentEvent, cancellationToken).ConfigureAwait(false);
        return result.Created ? null : result.Existing;
    }

    /// <summary>
    /// Writes a change made from <paramref name="previous"/>, with its event when it adds a history entry, its audit
    /// entry, and then <paramref name="audit"/>'s entries, all in one store write.
    /// </summary>
    /// <param name="previous">The record the change was made from.</param>
    /// <param name="next">The changed record.</param>
    /// <param name="audit">More entries that belong to this change (a step-up attempt), from <see cref="NewAuditEvent"/>; ignored when not auditing.</param>
    /// <exception cref="ConcurrentUpdateException">The stored record is no longer at <paramref name="previous"/>'s version; nothing was written, no entry either.</exception>
    public async ValueTask<TransactionRecord> SaveAsync(TransactionRecord previous, TransactionRecord next, IReadOnlyList<AuditEvent>? audit = null)
    {
        next = Stamp(next);
        var paymentEvent = next.History.Length > previous.History.Length ? Traced(PaymentEvent.For(next)) : null;
        using var activity = PaymentCoreActivities.StartStoreWrite("update");
        bool written;
        if (_audited is { } audited)
        {
            var own = PaymentAuditEvents.Changed(previous, next, time.GetUtcNow());
            IReadOnlyList<AuditEvent> entries = audit is null or { Count: 0 } ? [own] : [own, .. audit];
            written = await audited.TryUpdateAuditedAsync(next, previous.Version, paymentEvent, entries, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            written = await store.TryUpdateAsync(next, previous.Version, paymentEvent, CancellationToken.None).ConfigureAwait(false);
        }

        return written ? next : throw new ConcurrentUpdateException(next.Id, previous.Version);
    }

    /// <summary>Makes an entry about a payment, with the ambient actor and origin and the time now; the detail must hold no secret or code.</summary>
    /// <param name="eventType">The type, such as <see cref="AuditEventTypes.StepUpAttempt"/>.</param>
    /// <param name="outcome">Success or failure.</param>
    /// <param name="id">The payment.</param>
    /// <param name="detail">What happened, in words.</param>
    /// <param name="actor">Who acted, when not the ambient actor (a step-up attempt names its merchant); checked like any actor.</param>
    /// <returns>The event.</returns>
    public AuditEvent NewAuditEvent(string eventType, AuditOutcome outcome, TransactionId id, string? detail, string? actor = null) =>
        PaymentAuditEvents.Event(eventType, outcome, PaymentAuditEvents.Resource(id), detail, time.GetUtcNow(), actor);

    /// <summary>Appends entries that record no change of a record (a refusal, the configuration, a re-drive); nothing when not auditing.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when appended.</returns>
    public async ValueTask RecordAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken)
    {
        if (_audited is { } audited && entries.Count > 0)
        {
            await audited.AuditLog.AppendManyAsync(entries, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the time now, for the entries callers build.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Reads a record; <see langword="null"/> when it cannot be read (callers then act as if unwritten, safely).</summary>
    public async ValueTask<TransactionRecord?> TryGetAsync(TransactionId id)
    {
        try
        {
            return await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Unreadable is treated as "not recorded"; callers act safely for that case.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>The event with the trace context of the operation writing it, so its delivery continues that trace.</summary>
    private static PaymentEvent Traced(PaymentEvent paymentEvent) =>
        PaymentCoreActivities.CurrentTraceParent() is { } parent ? paymentEvent with { TraceParent = parent } : paymentEvent;

    private TransactionRecord Stamp(TransactionRecord record)
    {
        // A record is immutable: copy it only when its due time changes.
        var due = RecoverySchedule.DueAt(record, options);
        return record.DueAt == due ? record : record with { DueAt = due };
    }
}
