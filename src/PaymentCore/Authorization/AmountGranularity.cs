using PaymentCore.Monetary;

namespace PaymentCore.Authorization;

/// <summary>
/// An authorizer's rounding rule that is stricter than ISO 4217: amounts in <paramref name="Currency"/> must be a
/// multiple of <paramref name="MinorUnitStep"/> minor units. Some acquirers, for example, take 3-decimal
/// currencies such as KWD only with the last digit 0 (step 10).
/// </summary>
/// <param name="Currency">The currency.</param>
/// <param name="MinorUnitStep">The step, in minor units; positive.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record AmountGranularity(Currency Currency, long MinorUnitStep);
