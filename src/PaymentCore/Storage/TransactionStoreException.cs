namespace PaymentCore.Storage;

/// <summary>
/// A durable store cannot be used as configured: its database cannot be reached or opened, is not a database of
/// the expected kind, or holds a schema newer than this version of PaymentCore. The message names the problem
/// and what to do; nothing was written.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class TransactionStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionStoreException()
        : base("The transaction store cannot be used.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public TransactionStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The database driver's error.</param>
    public TransactionStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
