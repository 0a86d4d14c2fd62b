using PaymentCore.Monetary;

namespace PaymentCore.Authorization;

/// <summary>A hold as the simulated issuer sees it.</summary>
/// <param name="Account">The payer's account.</param>
/// <param name="Authorized">The amount held.</param>
/// <param name="Captured">The amount captured.</param>
/// <param name="Refunded">The amount refunded.</param>
/// <param name="State">The hold's state.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record IssuerHold(string Account, Money Authorized, Money Captured, Money Refunded, HoldState State);
