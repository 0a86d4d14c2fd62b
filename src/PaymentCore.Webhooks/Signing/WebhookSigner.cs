using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PaymentCore.Webhooks.Signing;

/// <summary>
/// Computes Standard Webhooks 1.0 signatures: HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the secret's
/// bytes, written as <c>v1,</c> and base64. Also computes Stripe's form for receivers that already verify Stripe.
/// </summary>
/// <remarks>Stateless and thread-safe. Only the BCL's HMAC-SHA256 is used; nothing here is home-made cryptography.</remarks>
public static class WebhookSigner
{
    /// <summary>The version tag of a symmetric signature.</summary>
    public const string Version = "v1";

    /// <summary>The size of an HMAC-SHA256 tag in bytes.</summary>
    internal const int TagBytes = 32;

    /// <summary>Computes one <c>v1,&lt;base64&gt;</c> signature.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="messageId">The <c>webhook-id</c>; must not contain '.', which would make the signed content ambiguous.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> in Unix seconds.</param>
    /// <param name="body">The exact body bytes sent.</param>
    /// <returns>The signature.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageId"/> is empty or contains '.'.</exception>
    public static string Sign(WebhookSecret secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        CheckMessageId(messageId);
        Span<byte> tag = stackalloc byte[TagBytes];
        ComputeTag(secret, messageId, timestamp, body, tag);
        return Version + "," + Convert.ToBase64String(tag);
    }

    /// <summary>Computes the <c>webhook-signature</c> header: one signature per active secret, space-separated.</summary>
    /// <param name="secrets">The active secrets, newest first; during a rotation the old one stays until receivers switch.</param>
    /// <param name="messageId">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> in Unix seconds.</param>
    /// <param name="body">The exact body bytes sent.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException">No secret is given, or <paramref name="messageId"/> is invalid.</exception>
    public static string SignatureHeader(IReadOnlyList<WebhookSecret> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one secret is needed to sign a webhook.", nameof(secrets));
        }

        var header = new StringBuilder(secrets.Count * 48);
        for (var i = 0; i < secrets.Count; i++)
        {
            if (i > 0)
            {
                header.Append(' ');
            }

            header.Append(Sign(secrets[i], messageId, timestamp, body));
        }

        return header.ToString();
    }

    /// <summary>
    /// Computes Stripe's <c>Stripe-Signature</c> header, <c>t={timestamp},v1={hex}</c> with one <c>v1</c> per secret, where
    /// each is the lowercase hex HMAC-SHA256 of <c>{timestamp}.{body}</c>. Stripe's libraries key the HMAC with the UTF-8
    /// bytes of the whole <c>whsec_…</c> string, not its decoded bytes, so that is what is done here: a receiver passes
    /// <see cref="WebhookSecret.Reveal"/> to its Stripe library as the endpoint secret.
    /// </summary>
    /// <param name="secrets">The active secrets.</param>
    /// <param name="timestamp">The Unix seconds.</param>
    /// <param name="body">The exact body bytes sent.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException">No secret is given.</exception>
    public static string StripeSignatureHeader(IReadOnlyList<WebhookSecret> secrets, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one secret is needed to sign a webhook.", nameof(secrets));
        }

        var header = new StringBuilder("t=").Append(timestamp.ToString(CultureInfo.InvariantCulture));
        Span<byte> tag = stackalloc byte[TagBytes];
        Span<byte> prefix = stackalloc byte[24];
        var prefixLength = WriteTimestampAndDot(timestamp, prefix);
        foreach (var secret in secrets)
        {
            ArgumentNullException.ThrowIfNull(secret);
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret.Reveal()));
            hmac.AppendData(prefix[..prefixLength]);
            hmac.AppendData(body);
            hmac.GetHashAndReset(tag);
            header.Append(",v1=").Append(Convert.ToHexStringLower(tag));
        }

        return header.ToString();
    }

    /// <summary>Writes the HMAC-SHA256 tag of <c>{id}.{timestamp}.{body}</c> into <paramref name="tag"/> (32 bytes).</summary>
    internal static void ComputeTag(WebhookSecret secret, string messageId, long timestamp, ReadOnlySpan<byte> body, Span<byte> tag)
    {
        using var hmac = secret.CreateHmac();
        hmac.AppendData(Encoding.UTF8.GetBytes(messageId));
        Span<byte> separator = stackalloc byte[26];
        separator[0] = (byte)'.';
        var length = 1 + WriteTimestampAndDot(timestamp, separator[1..]);
        hmac.AppendData(separator[..length]);
        hmac.AppendData(body);
        hmac.GetHashAndReset(tag);
    }

    internal static void CheckMessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        if (messageId.Contains('.', StringComparison.Ordinal))
        {
            // The specification forbids it: "id.ts.body" must split one way only.
            throw new ArgumentException("A webhook id must not contain '.'.", nameof(messageId));
        }
    }

    private static int WriteTimestampAndDot(long timestamp, Span<byte> destination)
    {
        timestamp.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture);
        destination[written] = (byte)'.';
        return written + 1;
    }
}
