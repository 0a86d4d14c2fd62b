namespace PaymentCore.BatchWork;

/// <summary>
/// A worker's batch is not the batch the queue holds under the same id: another file, or the same file changed.
/// Nothing was processed by this worker; items paid under the batch id stay paid.
/// </summary>
public sealed class BatchWorkConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchWorkConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BatchWorkConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BatchWorkConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
