using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PaymentCore.Storage;

namespace PaymentCore.Transactions;

/// <summary>
/// Derives a payment's id from its merchant and idempotency key under the installation's secret (or without one,
/// when explicitly allowed). One instance per processor; immutable and thread-safe.
/// </summary>
internal sealed class TransactionIdDerivation
{
    private readonly byte[]? _secret;

    private TransactionIdDerivation(byte[]? secret, TransactionIdMode mode)
    {
        _secret = secret;
        Mode = mode;
    }

    /// <summary>Gets how the secret was chosen.</summary>
    public TransactionIdMode Mode { get; }

    /// <summary>The derivation without a secret (SHA-256), for tests and explicitly unkeyed installations.</summary>
    public static TransactionIdDerivation Unkeyed { get; } = new(null, TransactionIdMode.Unkeyed);

    /// <summary>A derivation under <paramref name="secret"/>.</summary>
    public static TransactionIdDerivation Keyed(byte[] secret) => new(secret, TransactionIdMode.Configured);

    /// <summary>
    /// Chooses the derivation for a processor: the configured secret; else, when allowed, none; else a generated one
    /// for an in-memory store (nothing outlives the process, so nothing needs stable ids across restarts).
    /// </summary>
    /// <exception cref="OptionsValidationException">The secret is malformed, or a durable store has none and unkeyed ids are not allowed.</exception>
    public static TransactionIdDerivation For(TransactionIdOptions? options, ITransactionStore store)
    {
        options ??= new TransactionIdOptions();
        var (secret, failure) = Resolve(options, store);
        if (failure is not null)
        {
            throw new OptionsValidationException(nameof(TransactionIdOptions), typeof(TransactionIdOptions), [failure]);
        }

        if (secret is not null)
        {
            return Keyed(secret);
        }

        return options.AllowUnkeyed ? Unkeyed : ProcessGenerated.Value;
    }

    // One generated secret per process, not per processor: two processors in one process (a failover pair, a test's
    // peer) must derive the same id for the same merchant and key, or a replay through the other one would not be
    // found as a replay.
    private static readonly Lazy<TransactionIdDerivation> ProcessGenerated =
        new(() => new TransactionIdDerivation(RandomNumberGenerator.GetBytes(TransactionIdOptions.MinimumSecretBytes), TransactionIdMode.Generated));

    /// <summary>The configured secret, or why the configuration cannot start. Never puts the secret in the message.</summary>
    internal static (byte[]? Secret, string? Failure) Resolve(TransactionIdOptions options, ITransactionStore? store)
    {
        var text = options.Secret;
        var source = "TransactionIdOptions.Secret";
        if (text is null)
        {
            text = Environment.GetEnvironmentVariable(TransactionIdOptions.SecretEnvironmentVariable);
            source = "The environment variable " + TransactionIdOptions.SecretEnvironmentVariable;
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var buffer = new byte[(text.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(text.Trim(), buffer, out var length))
            {
                return (null, $"{source} must be base64 of at least {TransactionIdOptions.MinimumSecretBytes} random bytes; it is not valid base64.");
            }

            return length < TransactionIdOptions.MinimumSecretBytes
                ? (null, $"{source} must be base64 of at least {TransactionIdOptions.MinimumSecretBytes} random bytes; it decodes to {length}.")
                : (buffer[..length], null);
        }

        if (options.AllowUnkeyed || store is null or InMemoryTransactionStore)
        {
            return (null, null);
        }

        return (null,
            $"TransactionIdOptions.Secret is not set and the store ({store.GetType().Name}) is durable: without a secret, transaction ids are derived from merchant and idempotency key alone, so anyone who can guess a key can compute the id. "
            + $"Set TransactionIdOptions.Secret (base64, at least {TransactionIdOptions.MinimumSecretBytes} bytes, the same on every instance) or the environment variable {TransactionIdOptions.SecretEnvironmentVariable}; "
            + "or set TransactionIdOptions.AllowUnkeyed = true to keep unkeyed ids.");
    }

    /// <summary>Derives the id of the payment with this merchant and idempotency key.</summary>
    public TransactionId For(string merchantId, string idempotencyKey) => TransactionId.Derive(_secret, merchantId, idempotencyKey);
}

/// <summary>Where a processor's transaction-id secret came from.</summary>
internal enum TransactionIdMode
{
    /// <summary>No secret: SHA-256 of merchant and key (<see cref="TransactionIdOptions.AllowUnkeyed"/>).</summary>
    Unkeyed,

    /// <summary>The configured secret.</summary>
    Configured,

    /// <summary>A secret generated for this process (in-memory store, none configured).</summary>
    Generated,
}
