namespace PaymentCore.Outbox;

/// <summary>A failed delivery of one outbox event, as the dispatcher records it.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Attempts">The number of failed deliveries, this one included.</param>
/// <param name="NextAttemptAt">When to try again (ignored when dead-lettered).</param>
/// <param name="Error">Why it failed, at most 500 characters.</param>
/// <param name="DeadLetter">Whether to stop delivering it: it stays in the outbox as a dead letter until re-driven.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct DeliveryFailure(Guid EventId, int Attempts, DateTimeOffset NextAttemptAt, string Error, bool DeadLetter);
