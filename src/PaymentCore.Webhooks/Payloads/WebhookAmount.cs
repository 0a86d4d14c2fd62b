namespace PaymentCore.Webhooks.Payloads;

/// <summary>An amount as JSON: an integer of the currency's minor units and the ISO 4217 code, never a floating-point number.</summary>
/// <param name="MinorUnits">The amount in minor units (1005 is 10.05 USD; 1005 is 1,005 JPY).</param>
/// <param name="Currency">The ISO 4217 alphabetic code.</param>
/// <remarks>Immutable.</remarks>
public sealed record WebhookAmount(long MinorUnits, string Currency);
