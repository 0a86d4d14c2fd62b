namespace PaymentCore.StepUp;

/// <summary>What a processor asks an authenticator to challenge.</summary>
/// <param name="ChallengeId">A unique id for the challenge, such as the payment's transaction id; part of the code's hash, so a code is bound to its challenge.</param>
/// <param name="Subject">Who must prove themselves: the payer's token or enrolment id (never a card number).</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record StepUpRequest(string ChallengeId, string Subject)
{
    /// <summary>Checks the request.</summary>
    /// <exception cref="ArgumentException">A field is blank or longer than 128 characters.</exception>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ChallengeId, nameof(ChallengeId));
        ArgumentException.ThrowIfNullOrWhiteSpace(Subject, nameof(Subject));
        if (ChallengeId.Length > 128)
        {
            throw new ArgumentException($"{nameof(ChallengeId)} has {ChallengeId.Length} characters; at most 128 are allowed.", nameof(ChallengeId));
        }

        if (Subject.Length > 128)
        {
            throw new ArgumentException($"{nameof(Subject)} has {Subject.Length} characters; at most 128 are allowed.", nameof(Subject));
        }
    }
}
