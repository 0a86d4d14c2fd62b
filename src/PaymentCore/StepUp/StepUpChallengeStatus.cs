namespace PaymentCore.StepUp;

/// <summary>Where a step-up challenge stands.</summary>
/// <remarks>The numbers are persisted by processors and never change.</remarks>
public enum StepUpChallengeStatus
{
    /// <summary>Waiting for the payer's answer.</summary>
    Pending = 0,

    /// <summary>The payer answered rightly; the challenge is spent.</summary>
    Succeeded = 1,

    /// <summary>Too many wrong answers: refused for good.</summary>
    Exhausted = 2,

    /// <summary>Not answered in time: refused for good.</summary>
    Expired = 3,
}
