namespace PaymentCore.StepUp;

/// <summary>What a request to send a code again came to.</summary>
/// <param name="Sent">Whether a new code was sent (the old one stops working).</param>
/// <param name="Challenge">The challenge after the request: persist it.</param>
/// <param name="RetryAfter">When refused for rate, how long until a resend is allowed; zero otherwise.</param>
/// <param name="Advice">When refused, a sentence for the payer.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record OneTimeCodeResend(bool Sent, StepUpChallenge Challenge, TimeSpan RetryAfter, string? Advice);
