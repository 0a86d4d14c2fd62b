namespace PaymentCore.Resilience;

/// <summary>How the wait between two attempts grows.</summary>
public enum RetryBackoff
{
    /// <summary>No retry: one attempt.</summary>
    None = 0,

    /// <summary>Retry at once, without waiting.</summary>
    Immediate = 1,

    /// <summary>Wait <see cref="RetryPolicyOptions.Delay"/> between attempts.</summary>
    Fixed = 2,

    /// <summary>Wait <see cref="RetryPolicyOptions.Delay"/> × <see cref="RetryPolicyOptions.Factor"/>^(attempt − 1), capped at <see cref="RetryPolicyOptions.MaxDelay"/>, with jitter.</summary>
    Exponential = 3,
}
