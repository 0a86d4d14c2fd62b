namespace PaymentCore.Recovery;

/// <summary>What one recovery pass did.</summary>
/// <param name="Examined">Due records taken up.</param>
/// <param name="Authorized">Authorizations found done and recorded.</param>
/// <param name="Captured">Captures recorded (found done, or sent and done).</param>
/// <param name="Voided">Voids recorded (found done, or sent and done).</param>
/// <param name="Refunded">Refunds recorded.</param>
/// <param name="Declined">Payments or operations the authorizer refused, now recorded with their refusal.</param>
/// <param name="Failed">Payments recorded failed (nothing held).</param>
/// <param name="Unresolved">Records still not settled: their outcome stays unknown, and they are due again after their backoff.</param>
/// <param name="LostRaces">Records another instance (or the original caller) changed first; skipped.</param>
/// <param name="UnresolvedReasons">The unresolved records counted by reason (<c>capture_outcome_unknown</c>, <c>store_error</c>…).</param>
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
    IReadOnlyDictionary<string, int> UnresolvedReasons);
