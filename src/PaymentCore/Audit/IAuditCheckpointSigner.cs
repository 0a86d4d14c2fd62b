namespace PaymentCore.Audit;

/// <summary>
/// Signs and checks audit checkpoints with a key that the audit store does not hold. The default is
/// <see cref="HmacAuditCheckpointSigner"/> (HMAC-SHA256); the <c>PaymentCore.Audit.Ed25519</c> package adds
/// Ed25519, whose verifier needs only the public key, so an auditor can verify without being able to sign.
/// </summary>
/// <remarks>Implementations must be thread-safe. Asynchronous so that a signer can live in a key vault or an HSM.</remarks>
public interface IAuditCheckpointSigner
{
    /// <summary>Gets the id of the key that <see cref="SignAsync"/> uses; written into each checkpoint.</summary>
    string KeyId { get; }

    /// <summary>Signs the bytes of a checkpoint.</summary>
    /// <param name="data">The bytes from <see cref="AuditCheckpoint.GetSignedBytes()"/>.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signature.</returns>
    /// <exception cref="InvalidOperationException">This signer can only verify (it holds no private key).</exception>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Checks a signature made by the key named <paramref name="keyId"/>.</summary>
    /// <param name="keyId">The key id written in the checkpoint.</param>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the signature is valid for that key; <see langword="false"/> when it is not or the key is unknown.</returns>
    ValueTask<bool> VerifyAsync(string keyId, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken = default);
}
