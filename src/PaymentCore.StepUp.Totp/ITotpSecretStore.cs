namespace PaymentCore.StepUp.Totp;

/// <summary>
/// Holds payers' enrolled TOTP secrets and the last time step each one used, so that a code is accepted once.
/// Keep the secrets encrypted at rest (see the data-protection section of docs/security.md).
/// </summary>
/// <remarks>Implementations must be thread-safe; <see cref="TryAcceptTimeStepAsync"/> must be atomic.</remarks>
public interface ITotpSecretStore
{
    /// <summary>Gets a subject's secret.</summary>
    /// <param name="subject">The payer's token or enrolment id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The secret's bytes, or <see langword="null"/> when the subject has not enrolled.</returns>
    ValueTask<byte[]?> GetSecretAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>Records that a code of <paramref name="timeStep"/> was accepted, unless that step or a later one already was.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="timeStep">The RFC 6238 time step the code matched (Unix time / step length).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when accepted; <see langword="false"/> when the step was used (a replay) or is older than one used.</returns>
    ValueTask<bool> TryAcceptTimeStepAsync(string subject, long timeStep, CancellationToken cancellationToken = default);
}
