namespace PaymentCore.Monetary;

/// <summary>
/// Thrown when a code does not name a current ISO 4217 currency that can carry an amount: the code is unknown,
/// was withdrawn from ISO 4217, or is a code with "N.A." minor units such as XAU (gold), XTS (testing) or XXX
/// (no currency). The message says which.
/// </summary>
/// <remarks>Thread safety: instances are not mutated after construction and are safe to share.</remarks>
public sealed class UnknownCurrencyException : ArgumentException
{
    /// <summary>Initializes a new instance with a default message and no code.</summary>
    public UnknownCurrencyException()
        : base("The code is not a current ISO 4217 currency.")
    {
    }

    /// <summary>Initializes a new instance with the given message and no code.</summary>
    /// <param name="message">The message that describes the error.</param>
    public UnknownCurrencyException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message, inner exception and no code.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UnknownCurrencyException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for the given code.</summary>
    /// <param name="code">The code that was refused, as the caller gave it.</param>
    /// <param name="message">Why the code was refused.</param>
    /// <param name="paramName">The name of the parameter that held the code.</param>
    public UnknownCurrencyException(string? code, string? message, string? paramName)
        : base(message, paramName)
    {
        Code = code;
    }

    /// <summary>Gets the code that was refused, or <see langword="null"/> when none was given.</summary>
    /// <value>The refused code exactly as the caller passed it.</value>
    public string? Code { get; }
}
