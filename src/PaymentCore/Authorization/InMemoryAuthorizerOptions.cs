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

    /// <summary>
    /// Gets or sets whether the authorizer offers the one-step sale (<see cref="ISaleAuthorizer"/>) for payments in
    /// automatic capture: one authorizer call and two store writes per payment instead of two and three.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="false"/>: the two-step path (authorize, then capture) is what most gateways and every
    /// manual capture do, and its events (<c>payment.authorized</c>, then <c>payment.captured</c>) are what existing
    /// tests and samples expect. Set it once, before the first payment; recovery asks the questions the live path sent.
    /// </value>
    public bool SupportsSale { get; set; }

    /// <summary>Gets the rounding rules stricter than ISO 4217 that the authorizer enforces.</summary>
    /// <value>Empty by default.</value>
    public IList<AmountGranularity> AmountGranularities { get; } = [];
}
