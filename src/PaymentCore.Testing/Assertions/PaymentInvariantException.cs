namespace PaymentCore.Testing.Assertions;

/// <summary>A payment invariant does not hold. The message says which, for which transaction, with the values.</summary>
public sealed class PaymentInvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What does not hold.</param>
    public PaymentInvariantException(string message)
        : base(message)
    {
    }
}
