using System.Globalization;
using System.Security.Cryptography;

namespace PaymentCore.Webhooks.Signing;

/// <summary>
/// Verifies a received webhook for a receiver: the headers are present, the timestamp is within the tolerance of the
/// receiver's clock (both ways), and some <c>v1</c> signature matches one of the receiver's secrets, compared in constant
/// time over the raw body bytes. It never parses the body, so verify first and parse after.
/// </summary>
/// <remarks>Thread-safe; create one per set of secrets and share it.</remarks>
public sealed class WebhookVerifier
{
    // Bounds keep a hostile request from making the receiver compute unbounded HMACs.
    private const int MaxSignatures = 16;
    private const int MaxHeaderLength = 4096;
    private const int MaxIdLength = 256;

    private readonly WebhookSecret[] _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly long _toleranceSeconds;

    /// <summary>Creates a verifier.</summary>
    /// <param name="secrets">The receiver's active secrets (during a rotation, the new and the old).</param>
    /// <param name="timeProvider">The receiver's clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="options">The tolerance; 5 minutes when null.</param>
    /// <exception cref="ArgumentException">No secret, or a tolerance outside (0, 1 day].</exception>
    public WebhookVerifier(IEnumerable<WebhookSecret> secrets, TimeProvider? timeProvider = null, WebhookVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets];
        if (_secrets.Length == 0 || Array.Exists(_secrets, static s => s is null))
        {
            throw new ArgumentException("A webhook verifier needs at least one secret, and no null ones.", nameof(secrets));
        }

        options ??= new WebhookVerifierOptions();
        WebhookVerifierOptionsValidator.Instance.ThrowIfInvalid(options);
        var tolerance = options.Tolerance;

        _toleranceSeconds = (long)tolerance.TotalSeconds;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a verifier for one secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="timeProvider">The receiver's clock.</param>
    /// <param name="options">The tolerance.</param>
    public WebhookVerifier(WebhookSecret secret, TimeProvider? timeProvider = null, WebhookVerifierOptions? options = null)
        : this([secret], timeProvider, options)
    {
    }

    /// <summary>Verifies a webhook without parsing its body.</summary>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The raw body bytes as received (never a re-serialization).</param>
    /// <returns>The verdict; never throws for bad input.</returns>
    public WebhookVerificationResult Verify(string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(id))
        {
            return Missing(WebhookHeaders.Id);
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return Missing(WebhookHeaders.Timestamp);
        }

        if (string.IsNullOrEmpty(signature))
        {
            return Missing(WebhookHeaders.Signature);
        }

        if (id.Length > MaxIdLength || id.Contains('.', StringComparison.Ordinal) || signature.Length > MaxHeaderLength)
        {
            return WebhookVerificationResult.Refused(
                WebhookVerificationError.InvalidHeader,
                $"{WebhookHeaders.Id} must be at most {MaxIdLength} characters without '.', and {WebhookHeaders.Signature} at most {MaxHeaderLength}.");
        }

        if (timestamp.Length > 20 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookVerificationResult.Refused(WebhookVerificationError.InvalidHeader, $"{WebhookHeaders.Timestamp} must be an integer of Unix seconds.");
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        // Both ways: an old timestamp is a replay; one far ahead would let a captured request be replayed later.
        if (seconds < now - _toleranceSeconds || seconds > now + _toleranceSeconds)
        {
            return WebhookVerificationResult.Refused(
                WebhookVerificationError.TimestampOutOfTolerance,
                $"{WebhookHeaders.Timestamp} is {seconds - now} s from the receiver's clock; at most {_toleranceSeconds} s either way is accepted.");
        }

        Span<byte> expected = stackalloc byte[WebhookSigner.TagBytes * MaxSignatures];
        var secretCount = Math.Min(_secrets.Length, MaxSignatures);
        for (var i = 0; i < secretCount; i++)
        {
            WebhookSigner.ComputeTag(_secrets[i], id, seconds, body, expected.Slice(i * WebhookSigner.TagBytes, WebhookSigner.TagBytes));
        }

        Span<byte> received = stackalloc byte[WebhookSigner.TagBytes + 3];
        var examined = 0;
        foreach (var range in signature.AsSpan().Split(' '))
        {
            var candidate = signature.AsSpan()[range];
            if (candidate.IsEmpty)
            {
                continue;
            }

            if (++examined > MaxSignatures)
            {
                break;
            }

            // Only "v1,<base64>" is ours; "v1a,…" (asymmetric) and unknown versions are skipped, as the spec asks.
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal)
                || !Convert.TryFromBase64Chars(candidate[3..], received, out var written)
                || written != WebhookSigner.TagBytes)
            {
                continue;
            }

            for (var i = 0; i < secretCount; i++)
            {
                if (CryptographicOperations.FixedTimeEquals(received[..written], expected.Slice(i * WebhookSigner.TagBytes, WebhookSigner.TagBytes)))
                {
                    return WebhookVerificationResult.Valid(id, seconds);
                }
            }
        }

        return WebhookVerificationResult.Refused(
            WebhookVerificationError.NoMatchingSignature,
            $"No v1 signature in {WebhookHeaders.Signature} matches any of the receiver's {_secrets.Length} secret(s).");
    }

    /// <summary>Verifies a webhook and throws when it is refused.</summary>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The raw body bytes as received.</param>
    /// <returns>The valid result (its message id is the de-duplication key).</returns>
    /// <exception cref="WebhookVerificationException">The webhook is refused; its <c>Code</c> says why.</exception>
    public WebhookVerificationResult VerifyOrThrow(string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var result = Verify(id, timestamp, signature, body);
        return result.IsValid ? result : throw new WebhookVerificationException(result);
    }

    private static WebhookVerificationResult Missing(string header) =>
        WebhookVerificationResult.Refused(WebhookVerificationError.MissingHeader, $"The {header} header is missing or empty.");
}
