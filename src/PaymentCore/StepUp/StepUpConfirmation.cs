namespace PaymentCore.StepUp;

/// <summary>
/// One answer to a payment's step-up, kept under the caller's confirm key so that the same key returns the same
/// result (idempotency). It holds the verdict, never what the payer typed.
/// </summary>
/// <param name="Key">The caller's confirm key.</param>
/// <param name="Verdict">What the answer came to (for the authorizer's challenge: <see cref="StepUpVerdict.Succeeded"/> once forwarded).</param>
/// <param name="At">When it was recorded.</param>
/// <param name="AttemptsLeft">Wrong answers still allowed after this one.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record StepUpConfirmation(string Key, StepUpVerdict Verdict, DateTimeOffset At, int AttemptsLeft);
