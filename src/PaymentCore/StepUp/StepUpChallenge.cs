namespace PaymentCore.StepUp;

/// <summary>
/// The state of one step-up challenge, as a processor persists it between the challenge and the payer's answer.
/// It holds the keyed hash of a one-time code, never the code; a TOTP challenge holds no code material at all.
/// </summary>
/// <param name="Id">The challenge id (<see cref="StepUpRequest.ChallengeId"/>).</param>
/// <param name="Method">The authenticator's <see cref="IStepUpAuthenticator.Method"/>, such as <c>totp</c>.</param>
/// <param name="Subject">Who must prove themselves.</param>
/// <param name="IssuedAt">When the challenge was issued, UTC.</param>
/// <param name="ExpiresAt">When it stops accepting answers, UTC.</param>
/// <param name="Attempts">Wrong answers so far.</param>
/// <param name="MaxAttempts">Wrong answers allowed in all; the last one ends the challenge.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="CodeHash">The HMAC-SHA256 of the current one-time code (base64), or <see langword="null"/> for methods without a sent code.</param>
/// <param name="Sends">How many codes were sent for this challenge (0 for TOTP).</param>
/// <param name="LastSentAt">When the last code was sent, or <see langword="null"/>.</param>
/// <remarks>Immutable; safe to share between threads. Authenticators return a new value for every change: persist it.</remarks>
public sealed record StepUpChallenge(
    string Id,
    string Method,
    string Subject,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    int Attempts,
    int MaxAttempts,
    StepUpChallengeStatus Status,
    string? CodeHash,
    int Sends,
    DateTimeOffset? LastSentAt)
{
    /// <summary>Gets how many wrong answers are still allowed.</summary>
    public int AttemptsLeft => Math.Max(0, MaxAttempts - Attempts);

    /// <summary>Gets whether the challenge can no longer change (succeeded, exhausted or expired).</summary>
    public bool IsFinal => Status != StepUpChallengeStatus.Pending;
}
