namespace PaymentCore.Authorization;

/// <summary>The operations an authorizer performs.</summary>
public enum AuthorizerOperation
{
    /// <summary>Hold the amount on the payer's instrument.</summary>
    Authorize = 0,

    /// <summary>Take held funds.</summary>
    Capture = 1,

    /// <summary>Release the hold.</summary>
    Void = 2,

    /// <summary>Return captured funds.</summary>
    Refund = 3,
}
