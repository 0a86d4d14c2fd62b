namespace PaymentCore.Transactions;

/// <summary>
/// How transaction ids are derived: HMAC-SHA256 of the merchant and the idempotency key under a per-installation
/// secret, so an id cannot be computed by someone who only knows or guesses a key (issue 12). Every instance that
/// shares a store must share the secret: ids are then the same on each of them.
/// </summary>
/// <remarks>
/// Changing the secret changes the id a new payment gets; payments already stored keep their ids, and the durable
/// stores still find them by merchant and key, so a retried request is still answered from its record. Not
/// thread-safe while being configured; read-only once the container has started.
/// </remarks>
public sealed class TransactionIdOptions
{
    /// <summary>The environment variable read when <see cref="Secret"/> is not set.</summary>
    public const string SecretEnvironmentVariable = "PAYMENTCORE_TRANSACTION_ID_SECRET";

    /// <summary>The smallest secret accepted, in bytes (256 bits, HMAC-SHA256's block strength).</summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>Gets or sets the secret, base64-encoded, at least <see cref="MinimumSecretBytes"/> bytes once decoded.</summary>
    /// <value>
    /// <see langword="null"/> by default: the environment variable <see cref="SecretEnvironmentVariable"/> is read. With
    /// neither, an in-memory store uses a secret generated for the process, and a durable store refuses to start
    /// unless <see cref="AllowUnkeyed"/> is set.
    /// </value>
    public string? Secret { get; set; }

    /// <summary>
    /// Gets or sets whether a durable store may start without a secret, deriving ids from merchant and key alone
    /// (SHA-256, as before the secret existed). Anyone who can guess a key can then compute the payment's id; merchant
    /// scoping still refuses another merchant's operations.
    /// </summary>
    /// <value><see langword="false"/> by default.</value>
    public bool AllowUnkeyed { get; set; }
}
