using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PaymentCore.StepUp;

/// <summary>
/// Step-up by a one-time code sent to the payer: six digits from <see cref="RandomNumberGenerator"/>, kept only as
/// an HMAC-SHA256 keyed hash bound to the challenge, compared in constant time, valid for
/// <see cref="OneTimeCodeOptions.CodeLifetime"/>, at most <see cref="OneTimeCodeOptions.MaxAttempts"/> wrong answers,
/// and resends limited by <see cref="OneTimeCodeOptions.ResendInterval"/> and <see cref="OneTimeCodeOptions.MaxSends"/>.
/// </summary>
/// <remarks>
/// A resend replaces the code and renews its lifetime but keeps the count of wrong answers, so that resending
/// never buys more guesses. Thread-safe: the authenticator holds only its options; state is in the challenge.
/// </remarks>
public sealed class OneTimeCodeAuthenticator : IStepUpAuthenticator
{
    /// <summary>The method name written into challenges.</summary>
    public const string MethodName = "one-time-code";

    /// <summary>The number of digits in a code.</summary>
    public const int CodeLength = 6;

    private const string RetryAdvice = "The code is wrong. Check the latest code we sent you; {0} tries left.";

    private readonly IOneTimeCodeNotifier _notifier;
    private readonly TimeProvider _timeProvider;
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly int _maxAttempts;
    private readonly TimeSpan _resendInterval;
    private readonly int _maxSends;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="notifier">Delivers the codes.</param>
    /// <param name="options">The options; <see cref="OneTimeCodeOptions.HashKey"/> is required.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="notifier"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public OneTimeCodeAuthenticator(IOneTimeCodeNotifier notifier, OneTimeCodeOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _notifier = notifier;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _key = options.HashKey.ToArray();
        _lifetime = options.CodeLifetime;
        _maxAttempts = options.MaxAttempts;
        _resendInterval = options.ResendInterval;
        _maxSends = options.MaxSends;
    }

    /// <inheritdoc />
    public string Method => MethodName;

    /// <inheritdoc />
    public async ValueTask<StepUpChallenge> BeginAsync(StepUpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var now = _timeProvider.GetUtcNow();
        var code = NewCode();
        var expiresAt = now + _lifetime;
        await _notifier.SendAsync(new OneTimeCodeMessage(request.ChallengeId, request.Subject, code, expiresAt), cancellationToken).ConfigureAwait(false);
        return new StepUpChallenge(request.ChallengeId, MethodName, request.Subject, now, expiresAt, 0, _maxAttempts, StepUpChallengeStatus.Pending, Hash(request.ChallengeId, code), 1, now);
    }

    /// <inheritdoc />
    public ValueTask<StepUpResult> VerifyAsync(StepUpChallenge challenge, string response, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (StepUpAttempts.Precheck(challenge, MethodName, _timeProvider.GetUtcNow()) is { } final)
        {
            return new(final);
        }

        if (challenge.CodeHash is null)
        {
            throw new ArgumentException("The challenge holds no code hash: it was not issued by this authenticator.", nameof(challenge));
        }

        var stored = Convert.FromBase64String(challenge.CodeHash);
        var candidate = HashBytes(challenge.Id, Normalize(response));

        // Constant time: how long a refusal takes says nothing about how many leading bytes were right.
        return new(CryptographicOperations.FixedTimeEquals(stored, candidate)
            ? StepUpAttempts.Succeed(challenge)
            : StepUpAttempts.Fail(challenge, StepUpVerdict.WrongCode, RetryAdvice));
    }

    /// <summary>Sends a new code for a pending challenge, when the rate allows.</summary>
    /// <param name="challenge">The persisted challenge.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Whether a code was sent, and the challenge to persist.</returns>
    /// <exception cref="ArgumentException">The challenge belongs to another method.</exception>
    public async ValueTask<OneTimeCodeResend> ResendAsync(StepUpChallenge challenge, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        if (StepUpAttempts.Precheck(challenge, MethodName, now) is { } final)
        {
            return new OneTimeCodeResend(false, final.Challenge, TimeSpan.Zero, final.Advice);
        }

        if (challenge.Sends >= _maxSends)
        {
            return new OneTimeCodeResend(false, challenge, TimeSpan.Zero, $"We already sent {challenge.Sends} codes for this payment; use the latest one, or start the payment again.");
        }

        if (challenge.LastSentAt is { } last && now - last < _resendInterval)
        {
            var wait = _resendInterval - (now - last);
            return new OneTimeCodeResend(false, challenge, wait, string.Create(CultureInfo.InvariantCulture, $"Please wait {Math.Ceiling(wait.TotalSeconds)} seconds before asking for a new code."));
        }

        var code = NewCode();
        var expiresAt = now + _lifetime;
        await _notifier.SendAsync(new OneTimeCodeMessage(challenge.Id, challenge.Subject, code, expiresAt), cancellationToken).ConfigureAwait(false);
        return new OneTimeCodeResend(true, challenge with { CodeHash = Hash(challenge.Id, code), ExpiresAt = expiresAt, Sends = challenge.Sends + 1, LastSentAt = now }, TimeSpan.Zero, null);
    }

    private static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    // Anything but exactly six ASCII digits (after trimming) cannot match: it is hashed as given and compared anyway,
    // so a malformed answer costs an attempt and takes the same time as a wrong one.
    private static string Normalize(string? response) => (response ?? string.Empty).Trim();

    private string Hash(string challengeId, string code) => Convert.ToBase64String(HashBytes(challengeId, code));

    private byte[] HashBytes(string challengeId, string code)
    {
        // The challenge id is hashed with the code, so one code's hash says nothing about another challenge's.
        var input = Encoding.UTF8.GetBytes(challengeId + "\0" + code);
        return HMACSHA256.HashData(_key, input);
    }
}
