namespace PaymentCore.StepUp;

/// <summary>The answer to one step-up attempt.</summary>
public enum StepUpVerdict
{
    /// <summary>The payer proved who they are.</summary>
    Succeeded = 0,

    /// <summary>The code is wrong; the payer may try again while attempts are left.</summary>
    WrongCode = 1,

    /// <summary>The code was right once but has been used already (a replay); counts as a wrong attempt.</summary>
    CodeReused = 2,

    /// <summary>The challenge expired before a right answer; final.</summary>
    Expired = 3,

    /// <summary>The last allowed attempt failed, or attempts were already spent; final.</summary>
    AttemptsExhausted = 4,

    /// <summary>The challenge already succeeded; it cannot be answered twice.</summary>
    AlreadyCompleted = 5,
}
