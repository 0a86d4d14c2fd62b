namespace PaymentCore;

/// <summary>What one <see cref="PaymentProcessor.RecoverAsync"/> pass did.</summary>
/// <param name="Examined">Records looked at.</param>
/// <param name="Authorized">Received records found authorized at the authorizer and recorded so.</param>
/// <param name="Captured">Captures recorded (found done, or sent now).</param>
/// <param name="Voided">Voids recorded (found done, or sent now: rollbacks and expired manual authorizations).</param>
/// <param name="Refunded">Pending refunds recorded as done.</param>
/// <param name="Declined">Received records found declined.</param>
/// <param name="Failed">Received records the authorizer never saw, recorded as failed, and refunds cleared as refused.</param>
/// <param name="Unresolved">Records left as they were: the authorizer could not tell yet, or nothing was due.</param>
/// <param name="LostRaces">Records another instance changed first (skipped, not an error).</param>
/// <param name="EventsDispatched">Events re-sent from the outbox.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct RecoverySummary(
    int Examined,
    int Authorized,
    int Captured,
    int Voided,
    int Refunded,
    int Declined,
    int Failed,
    int Unresolved,
    int LostRaces,
    int EventsDispatched);
