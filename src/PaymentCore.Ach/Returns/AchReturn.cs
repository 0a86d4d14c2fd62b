namespace PaymentCore.Ach.Returns;

/// <summary>One entry we did not pay, as an ACH return: its trace number, amount and return reason code.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="TraceNumber">The original entry's trace number.</param>
/// <param name="BatchNumber">The original batch number.</param>
/// <param name="AmountCents">The entry's amount in cents.</param>
/// <param name="ReturnReasonCode">The ACH return reason code (R01, R03, R04, R17...).</param>
/// <param name="IsoReasonCode">The ISO 20022 reason code it maps from.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record AchReturn(string TraceNumber, string? BatchNumber, long AmountCents, string ReturnReasonCode, string? IsoReasonCode, string Reason);
