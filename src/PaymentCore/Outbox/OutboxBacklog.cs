namespace PaymentCore.Outbox;

/// <summary>How much of a store's outbox is waiting: for health checks and the backlog gauge.</summary>
/// <param name="Pending">Events still to deliver.</param>
/// <param name="DeadLettered">Events dead-lettered, waiting for a re-drive.</param>
/// <param name="OldestPending">When the oldest event still to deliver occurred, if any.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct OutboxBacklog(int Pending, int DeadLettered, DateTimeOffset? OldestPending);
