namespace PaymentCore.StepUp;

/// <summary>
/// The rules every built-in authenticator shares: a final challenge stays final, an expired one ends, and each
/// wrong answer spends an attempt until the last one ends the challenge with advice.
/// </summary>
/// <remarks>Stateless and thread-safe. Internal to PaymentCore and its satellite packages.</remarks>
internal static class StepUpAttempts
{
    /// <summary>Advice when the last attempt is spent.</summary>
    public const string ExhaustedAdvice = "Too many wrong codes: this payment was declined to protect your account. Start the payment again to get a new challenge, or contact the merchant if you did not try to pay.";

    /// <summary>Advice when the challenge expired.</summary>
    public const string ExpiredAdvice = "The time to answer ran out: this payment was declined. Start the payment again to get a new challenge.";

    /// <summary>Advice when a spent challenge is answered again.</summary>
    public const string CompletedAdvice = "This challenge was already answered successfully; nothing more is needed.";

    /// <summary>Returns the result for a challenge that cannot take an answer now, or <see langword="null"/> when it can.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <param name="method">The method expected.</param>
    /// <param name="now">The time now.</param>
    /// <returns>The final result, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The challenge belongs to another method.</exception>
    public static StepUpResult? Precheck(StepUpChallenge challenge, string method, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!string.Equals(challenge.Method, method, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The challenge was issued by the '{challenge.Method}' authenticator, not '{method}'.", nameof(challenge));
        }

        return challenge.Status switch
        {
            StepUpChallengeStatus.Succeeded => new StepUpResult(StepUpVerdict.AlreadyCompleted, challenge, CompletedAdvice),
            StepUpChallengeStatus.Exhausted => new StepUpResult(StepUpVerdict.AttemptsExhausted, challenge, ExhaustedAdvice),
            StepUpChallengeStatus.Expired => new StepUpResult(StepUpVerdict.Expired, challenge, ExpiredAdvice),
            _ when now >= challenge.ExpiresAt => new StepUpResult(StepUpVerdict.Expired, challenge with { Status = StepUpChallengeStatus.Expired }, ExpiredAdvice),
            _ => null,
        };
    }

    /// <summary>Spends one attempt on a wrong answer.</summary>
    /// <param name="challenge">The pending challenge.</param>
    /// <param name="verdict">Why the answer was wrong (<see cref="StepUpVerdict.WrongCode"/> or <see cref="StepUpVerdict.CodeReused"/>).</param>
    /// <param name="retryAdvice">Advice while attempts are left; "{0}" is replaced by how many.</param>
    /// <returns>The result: the same verdict while attempts are left, <see cref="StepUpVerdict.AttemptsExhausted"/> after the last.</returns>
    public static StepUpResult Fail(StepUpChallenge challenge, StepUpVerdict verdict, string retryAdvice)
    {
        var attempts = challenge.Attempts + 1;
        if (attempts >= challenge.MaxAttempts)
        {
            return new StepUpResult(StepUpVerdict.AttemptsExhausted, challenge with { Attempts = attempts, Status = StepUpChallengeStatus.Exhausted }, ExhaustedAdvice);
        }

        var left = challenge.MaxAttempts - attempts;
        return new StepUpResult(verdict, challenge with { Attempts = attempts }, retryAdvice.Replace("{0}", left.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) + (left == 1 ? " This is the last try." : string.Empty));
    }

    /// <summary>Marks the challenge as answered rightly.</summary>
    /// <param name="challenge">The pending challenge.</param>
    /// <returns>The success result.</returns>
    public static StepUpResult Succeed(StepUpChallenge challenge) =>
        new(StepUpVerdict.Succeeded, challenge with { Status = StepUpChallengeStatus.Succeeded }, null);
}
