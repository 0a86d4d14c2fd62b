namespace PaymentCore.Authorization;

/// <summary>Options of <see cref="InMemoryAuthorizer"/>.</summary>
public sealed class InMemoryAuthorizerOptions
{
    /// <summary>Gets or sets the name the authorizer reports.</summary>
    /// <value>Defaults to <c>in-memory</c>.</value>
    public string Name { get; set; } = "in-memory";

    /// <summary>Gets or sets the balance, in major units of each currency, of an account opened on first use.</summary>
    /// <value>Defaults to 1,000,000.</value>
    public long DefaultBalanceMajorUnits { get; set; } = 1_000_000;

    /// <summary>Gets the rounding rules stricter than ISO 4217 that the authorizer enforces.</summary>
    /// <value>Empty by default.</value>
    public IList<AmountGranularity> AmountGranularities { get; } = [];
}
