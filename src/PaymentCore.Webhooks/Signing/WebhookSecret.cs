using System.Security.Cryptography;

namespace PaymentCore.Webhooks.Signing;

/// <summary>
/// A symmetric signing secret of the Standard Webhooks 1.0 specification: 24 to 64 random bytes, shown to people as
/// <c>whsec_</c> followed by their base64. <see cref="ToString"/> never shows the bytes, so a secret that reaches a log or an
/// exception message leaks nothing; call <see cref="Reveal"/> to hand the secret to the receiver once.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed class WebhookSecret
{
    /// <summary>The prefix of a serialized secret.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The fewest key bytes the specification allows (192 bits).</summary>
    public const int MinimumBytes = 24;

    /// <summary>The most key bytes the specification allows (512 bits).</summary>
    public const int MaximumBytes = 64;

    /// <summary>The key size <see cref="Generate"/> uses unless told otherwise (256 bits, the HMAC-SHA256 block's half).</summary>
    public const int DefaultBytes = 32;

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    /// <summary>Gets the number of key bytes.</summary>
    public int Length => _key.Length;

    /// <summary>Creates a new secret from the operating system's cryptographic random number generator.</summary>
    /// <param name="byteCount">The key size in bytes, 24 to 64; 32 by default.</param>
    /// <returns>The new secret.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is outside 24–64.</exception>
    public static WebhookSecret Generate(int byteCount = DefaultBytes)
    {
        if (byteCount is < MinimumBytes or > MaximumBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, $"A webhook secret has {MinimumBytes} to {MaximumBytes} bytes.");
        }

        return new WebhookSecret(RandomNumberGenerator.GetBytes(byteCount));
    }

    /// <summary>Creates a secret from raw key bytes (copied).</summary>
    /// <param name="key">The key, 24 to 64 bytes.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> has fewer than 24 or more than 64 bytes.</exception>
    public static WebhookSecret FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length is < MinimumBytes or > MaximumBytes)
        {
            throw new ArgumentException($"A webhook secret has {MinimumBytes} to {MaximumBytes} bytes; this key has {key.Length}.", nameof(key));
        }

        return new WebhookSecret(key.ToArray());
    }

    /// <summary>
    /// Reads a serialized secret: <c>whsec_</c> and base64, or the base64 alone (the Standard Webhooks libraries accept
    /// both).
    /// </summary>
    /// <param name="secret">The serialized secret.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="ArgumentException">The text is not base64 of 24 to 64 bytes. The message never quotes it.</exception>
    public static WebhookSecret Parse(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return TryParse(secret, out var parsed)
            ? parsed
            : throw new ArgumentException(
                $"A webhook secret is '{Prefix}' followed by the base64 of {MinimumBytes} to {MaximumBytes} random bytes; this one is not (its value is not shown).",
                nameof(secret));
    }

    /// <summary>Reads a serialized secret without throwing.</summary>
    /// <param name="secret">The serialized secret.</param>
    /// <param name="parsed">The secret, when the text is valid.</param>
    /// <returns>Whether the text is a valid secret.</returns>
    public static bool TryParse(string? secret, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WebhookSecret? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var text = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret.AsSpan(Prefix.Length) : secret.AsSpan();
        Span<byte> buffer = stackalloc byte[MaximumBytes + 3];
        if (!Convert.TryFromBase64Chars(text, buffer, out var written) || written is < MinimumBytes or > MaximumBytes)
        {
            return false;
        }

        parsed = new WebhookSecret(buffer[..written].ToArray());
        return true;
    }

    /// <summary>Gets the serialized form, <c>whsec_</c> and base64, to hand to the receiver. Keep it out of logs.</summary>
    /// <returns>The serialized secret.</returns>
    public string Reveal() => Prefix + Convert.ToBase64String(_key);

    /// <summary>Gets a redacted text that names the key size only.</summary>
    /// <returns>For example <c>whsec_(32 bytes, redacted)</c>.</returns>
    public override string ToString() => $"{Prefix}({_key.Length} bytes, redacted)";

    /// <summary>Creates an HMAC-SHA256 over this key; the caller appends the signed content and disposes it.</summary>
    internal IncrementalHash CreateHmac() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
}
