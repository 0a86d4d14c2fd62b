using PaymentCore.Iso20022.Pain002;

namespace PaymentCore.Iso20022.BankStatus;

/// <summary>A status in a bank's report that names nothing of our batch: reported, never guessed at.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Status">The status as read.</param>
/// <param name="Why">What did not match: the message id, the block id or the end-to-end id.</param>
public sealed record BankStatusUnmatched(Pain002ReportedStatus Status, string Why);
