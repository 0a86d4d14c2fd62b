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

    /// <summary>
    /// Authorize and capture the whole amount in one operation (a one-step sale), sent only to an
    /// <see cref="ISaleAuthorizer"/> that offers it for the payment. Approved means the money was taken. Appended, so
    /// stored numbers keep their meaning.
    /// </summary>
    Sale = 4,
}
