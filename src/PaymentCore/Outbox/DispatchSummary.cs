namespace PaymentCore.Outbox;

/// <summary>What one <see cref="OutboxDispatcher.DispatchAsync"/> call did.</summary>
/// <param name="Delivered">Events delivered to every notifier and removed from the outbox.</param>
/// <param name="Failed">Events whose delivery failed and that will be tried again after their backoff.</param>
/// <param name="DeadLettered">Events that failed too often or grew too old, now waiting for a re-drive.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct DispatchSummary(int Delivered, int Failed, int DeadLettered);
