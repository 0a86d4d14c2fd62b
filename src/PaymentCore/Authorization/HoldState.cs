namespace PaymentCore.Authorization;

/// <summary>The state of a hold at the simulated issuer.</summary>
public enum HoldState
{
    /// <summary>Funds held, awaiting capture or void.</summary>
    Held = 0,

    /// <summary>Captured (fully or partially; the rest was released).</summary>
    Captured = 1,

    /// <summary>Released without capture.</summary>
    Voided = 2,
}
