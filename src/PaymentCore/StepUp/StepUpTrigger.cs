namespace PaymentCore.StepUp;

/// <summary>What asked a payment to wait for the payer to step up.</summary>
/// <remarks>Stored by name; new values are appended.</remarks>
public enum StepUpTrigger
{
    /// <summary>A rule answered <see cref="Rules.RuleOutcome.RequireStepUp"/>: a built-in authenticator challenges the payer.</summary>
    Rule = 0,

    /// <summary>The authorizer answered <see cref="Authorization.AuthorizerOutcome.AuthenticationRequired"/> (3-D Secure, Stripe's <c>requires_action</c>).</summary>
    Authorizer = 1,
}
