namespace PaymentCore.Rules;

/// <summary>One figure a rule used to decide, such as <c>count_24h = 4</c> or <c>limit = 500.00 EUR</c>.</summary>
/// <param name="Name">A short lower-case name.</param>
/// <param name="Value">The value as text, amounts with their currency (<c>350.00 EUR</c>); never card data or a secret.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public sealed record RuleFigure(string Name, string Value);
