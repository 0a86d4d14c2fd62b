using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Recovery;
using PaymentCore.Storage;
using PaymentCore.Telemetry;

namespace PaymentCore.Transactions;

/// <summary>
/// Writes a payment's records: each change with its event in one store write (the outbox), at the version it was
/// made from, stamped with when recovery should next look at it. Nothing is delivered here: the
/// <see cref="Outbox.OutboxDispatcher"/> does that off the payment path.
/// </summary>
/// <remarks>Thread-safe: stateless over a thread-safe store.</remarks>
internal sealed class TransactionWriter(ITransactionStore store, PaymentProcessorOptions options)
{
    public ITransactionStore Store => store;

    /// <summary>Creates the record with its event; returns the record already under the key, or <see langword="null"/> when created.</summary>
    public async ValueTask<TransactionRecord?> CreateAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        record = Stamp(record);
        var paymentEvent = Traced(PaymentEvent.For(record));
        using var activity = PaymentCoreActivities.StartStoreWrite("create");
        var result = await store.TryCreateAsync(record, paymentEvent, cancellationToken).ConfigureAwait(false);
        return result.Created ? null : result.Existing;
    }

    /// <summary>Writes a change made from <paramref name="previous"/>, with its event when it adds a history entry.</summary>
    /// <exception cref="ConcurrentUpdateException">The stored record is no longer at <paramref name="previous"/>'s version.</exception>
    public async ValueTask<TransactionRecord> SaveAsync(TransactionRecord previous, TransactionRecord next)
    {
        next = Stamp(next);
        var paymentEvent = next.History.Length > previous.History.Length ? Traced(PaymentEvent.For(next)) : null;
        using var activity = PaymentCoreActivities.StartStoreWrite("update");
        if (!await store.TryUpdateAsync(next, previous.Version, paymentEvent, CancellationToken.None).ConfigureAwait(false))
        {
            throw new ConcurrentUpdateException(next.Id, previous.Version);
        }

        return next;
    }

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

    private TransactionRecord Stamp(TransactionRecord record) => record with { DueAt = RecoverySchedule.DueAt(record, options) };
}
