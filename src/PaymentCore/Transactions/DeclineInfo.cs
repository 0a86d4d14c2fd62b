namespace PaymentCore;

/// <summary>Why a payment was declined, and who declined it.</summary>
/// <param name="Code">A stable decline code, such as <c>insufficient_funds</c> (see <see cref="DeclineCodes"/>).</param>
/// <param name="DeclinedBy">The rule name, or the authorizer's name, that declined.</param>
/// <param name="Message">A sentence for people.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record DeclineInfo(string Code, string DeclinedBy, string Message);
