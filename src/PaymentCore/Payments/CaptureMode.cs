using PaymentCore.Processing;

namespace PaymentCore.Payments;

/// <summary>When the funds of an approved authorization are captured.</summary>
public enum CaptureMode
{
    /// <summary>Capture the full amount right after the authorization is approved (a sale).</summary>
    Automatic = 0,

    /// <summary>
    /// Authorize only; the merchant captures later with <see cref="PaymentProcessor.CaptureAsync"/>
    /// (for example when the goods ship) or voids the hold.
    /// </summary>
    Manual = 1,
}
