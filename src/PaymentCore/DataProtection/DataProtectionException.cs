namespace PaymentCore.DataProtection;

/// <summary>
/// A ciphertext could not be decrypted, or a key ring could not be built. The message names the failure and the
/// key id, never a key, a plaintext or a ciphertext.
/// </summary>
/// <remarks>Immutable once thrown; safe to share between threads.</remarks>
public sealed class DataProtectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why the operation failed.</param>
    /// <param name="message">A sentence for a developer or operator.</param>
    /// <param name="keyId">The key id involved, when known.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public DataProtectionException(DataProtectionFailure failure, string message, string? keyId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        KeyId = keyId;
    }

    /// <summary>Gets why the operation failed.</summary>
    public DataProtectionFailure Failure { get; }

    /// <summary>Gets the key id involved, or <see langword="null"/>.</summary>
    public string? KeyId { get; }
}
