using PaymentCore.Batch;

namespace PaymentCore.Iso20022.Payouts;

/// <summary>
/// The outcome of pre-checking one payout: accepted, or rejected with the ISO 20022 external status reason
/// code to put in the pain.002 report. A rejection is a result, not an exception, so the rest of the batch goes on.
/// </summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="IsValid">Whether the payout passed every check.</param>
/// <param name="ReasonCode">When rejected, the reason code (see <see cref="BatchReasonCodes"/>); otherwise <see langword="null"/>.</param>
/// <param name="Reason">When rejected, a sentence that says what is wrong; otherwise <see langword="null"/>.</param>
public sealed record PayoutCheckResult(bool IsValid, string? ReasonCode, string? Reason)
{
    /// <summary>Gets the result of a payout that passed every check.</summary>
    /// <value>A shared instance with <see cref="IsValid"/> set and no reason.</value>
    public static PayoutCheckResult Valid { get; } = new(true, null, null);

    /// <summary>Creates the result of a rejected payout.</summary>
    /// <param name="reasonCode">The ISO 20022 external status reason code.</param>
    /// <param name="reason">A sentence that says what is wrong.</param>
    /// <returns>A rejected result.</returns>
    public static PayoutCheckResult Reject(string reasonCode, string reason) => new(false, reasonCode, reason);
}
