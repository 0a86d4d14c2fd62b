namespace PaymentCore.Resilience;

/// <summary>
/// How an exponential wait is randomised, so that many clients failing at once do not all come back at once
/// (the "thundering herd" after an acquirer outage).
/// </summary>
public enum RetryJitter
{
    /// <summary>No randomness: the exact exponential wait.</summary>
    None = 0,

    /// <summary>A uniform wait between zero and the exponential wait ("full jitter").</summary>
    Full = 1,

    /// <summary>A uniform wait between the base delay and three times the previous wait, capped ("decorrelated jitter").</summary>
    Decorrelated = 2,
}
