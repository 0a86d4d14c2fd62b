using System.Collections.Concurrent;

namespace PaymentCore.StepUp.Totp;

/// <summary>An <see cref="ITotpSecretStore"/> in memory, for tests and samples.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryTotpSecretStore : ITotpSecretStore
{
    private readonly ConcurrentDictionary<string, Enrolment> _enrolments = new(StringComparer.Ordinal);

    /// <summary>Enrols (or re-enrols) a subject with a secret.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="secret">The shared secret, at least 16 bytes (RFC 4226 section 4 asks for 128 bits; 160 recommended); copied.</param>
    /// <exception cref="ArgumentException">The subject is blank or the secret shorter than 16 bytes.</exception>
    public void Enrol(string subject, ReadOnlySpan<byte> secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (secret.Length < 16)
        {
            throw new ArgumentException($"A TOTP secret must be at least 16 bytes (RFC 4226 section 4); got {secret.Length}.", nameof(secret));
        }

        _enrolments[subject] = new Enrolment(secret.ToArray());
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetSecretAsync(string subject, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_enrolments.TryGetValue(subject, out var enrolment) ? enrolment.Secret.ToArray() : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAcceptTimeStepAsync(string subject, long timeStep, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enrolments.TryGetValue(subject, out var enrolment))
        {
            return new(false);
        }

        lock (enrolment)
        {
            if (timeStep <= enrolment.LastAcceptedStep)
            {
                return new(false);
            }

            enrolment.LastAcceptedStep = timeStep;
            return new(true);
        }
    }

    private sealed class Enrolment(byte[] secret)
    {
        public byte[] Secret { get; } = secret;

        public long LastAcceptedStep { get; set; } = long.MinValue;
    }
}
