using System.Collections.Concurrent;
using PaymentCore.Transactions;

namespace PaymentCore.Notifications;

/// <summary>Keeps every delivered event in memory, in delivery order; the default notifier.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryNotifier : INotifier
{
    private readonly ConcurrentQueue<PaymentEvent> _delivered = new();

    /// <summary>Gets every delivery, duplicates included, in order.</summary>
    public IReadOnlyCollection<PaymentEvent> Deliveries => _delivered;

    /// <summary>Gets the distinct events delivered (duplicates dropped by event id), in first-delivery order.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<PaymentEvent> DistinctEvents()
    {
        var seen = new HashSet<Guid>();
        return [.. _delivered.Where(e => seen.Add(e.EventId))];
    }

    /// <summary>Gets the distinct events of one transaction, in version order.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<PaymentEvent> EventsFor(TransactionId transactionId) =>
        [.. DistinctEvents().Where(e => e.TransactionId == transactionId).OrderBy(e => e.Version)];

    /// <inheritdoc />
    public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        _delivered.Enqueue(paymentEvent);
        return ValueTask.CompletedTask;
    }
}
