using PaymentCore.Monetary;

namespace PaymentCore.Rules;

/// <summary>How many payments a payer made in a window, and their sum, in one currency.</summary>
/// <param name="Window">The window, ending now.</param>
/// <param name="Count">The number of payments (not declined, not failed) the payer made in it.</param>
/// <param name="Sum">Their total amount.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct PayerActivity(TimeSpan Window, int Count, Money Sum);
