using PaymentCore.Notifications;

namespace PaymentCore.Outbox;

/// <summary>An event waiting in a store's outbox, with its delivery state.</summary>
/// <param name="Event">The event.</param>
/// <param name="Attempts">How many deliveries failed so far.</param>
/// <param name="NextAttemptAt">When it may be delivered next (its backoff).</param>
/// <param name="LastError">Why the last delivery failed (an exception type and message, bounded), if one did.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered, or <see langword="null"/> while it is still being delivered.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record OutboxMessage(PaymentEvent Event, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? DeadLetteredAt);
