namespace PaymentCore.Monetary;

/// <summary>
/// Thrown when an operation combines or compares amounts of different currencies, such as adding USD to EUR.
/// Money never converts implicitly: a conversion needs a rate, a date and a source the caller must choose.
/// </summary>
/// <remarks>Thread safety: instances are not mutated after construction and are safe to share.</remarks>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Initializes a new instance with a default message and no currencies.</summary>
    public CurrencyMismatchException()
        : base("The amounts are in different currencies.")
    {
    }

    /// <summary>Initializes a new instance with the given message and no currencies.</summary>
    /// <param name="message">The message that describes the error.</param>
    public CurrencyMismatchException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message, inner exception and no currencies.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CurrencyMismatchException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming both currencies.</summary>
    /// <param name="expected">The currency of the left-hand (or first) amount.</param>
    /// <param name="actual">The currency of the amount that did not match it.</param>
    public CurrencyMismatchException(Currency expected, Currency actual)
        : base($"Currency mismatch: expected {Describe(expected)} but got {Describe(actual)}. Convert explicitly before combining amounts.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Gets the currency the operation expected (that of the first operand).</summary>
    /// <value>The expected currency; <c>default</c> when the exception was made without currencies.</value>
    public Currency Expected { get; }

    /// <summary>Gets the currency that did not match <see cref="Expected"/>.</summary>
    /// <value>The actual currency; <c>default</c> when the exception was made without currencies.</value>
    public Currency Actual { get; }

    private static string Describe(Currency currency) => currency.IsDefault ? "(no currency)" : currency.Code;
}
