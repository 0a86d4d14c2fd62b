using OtpNet;

namespace PaymentCore.StepUp.Totp;

/// <summary>
/// Step-up by a time-based one-time password (RFC 6238) from the payer's authenticator app, computed by Otp.NET:
/// codes of the current time step and <see cref="TotpAuthenticatorOptions.AllowedDriftSteps"/> on each side are
/// accepted, each time step at most once per payer (a replayed or older code is refused and costs an attempt).
/// </summary>
/// <remarks>Thread-safe: state lives in the challenge and in the <see cref="ITotpSecretStore"/>.</remarks>
public sealed class TotpAuthenticator : IStepUpAuthenticator
{
    /// <summary>The method name written into challenges.</summary>
    public const string MethodName = "totp";

    private const string RetryAdvice = "The code is wrong. Type the code your authenticator app shows now; {0} tries left.";
    private const string ReusedAdvice = "That code was already used. Wait for your authenticator app to show a new code; {0} tries left.";

    private readonly ITotpSecretStore _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly int _step;
    private readonly int _digits;
    private readonly VerificationWindow _window;
    private readonly TimeSpan _lifetime;
    private readonly int _maxAttempts;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="secrets">The enrolled secrets and used time steps.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public TotpAuthenticator(ITotpSecretStore secrets, TotpAuthenticatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        options ??= new TotpAuthenticatorOptions();
        options.Validate();
        _secrets = secrets;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _step = (int)options.Step.TotalSeconds;
        _digits = options.Digits;
        _window = new VerificationWindow(previous: options.AllowedDriftSteps, future: options.AllowedDriftSteps);
        _lifetime = options.ChallengeLifetime;
        _maxAttempts = options.MaxAttempts;
    }

    /// <inheritdoc />
    public string Method => MethodName;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The subject has not enrolled a TOTP secret.</exception>
    public async ValueTask<StepUpChallenge> BeginAsync(StepUpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        _ = await _secrets.GetSecretAsync(request.Subject, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The subject has not enrolled a TOTP secret; use another step-up method or enrol first.");
        var now = _timeProvider.GetUtcNow();
        return new StepUpChallenge(request.ChallengeId, MethodName, request.Subject, now, now + _lifetime, 0, _maxAttempts, StepUpChallengeStatus.Pending, null, 0, null);
    }

    /// <inheritdoc />
    public async ValueTask<StepUpResult> VerifyAsync(StepUpChallenge challenge, string response, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        if (StepUpAttempts.Precheck(challenge, MethodName, now) is { } final)
        {
            return final;
        }

        var code = (response ?? string.Empty).Trim();
        var secret = await _secrets.GetSecretAsync(challenge.Subject, cancellationToken).ConfigureAwait(false);
        if (secret is null || code.Length != _digits || !code.All(char.IsAsciiDigit))
        {
            return StepUpAttempts.Fail(challenge, StepUpVerdict.WrongCode, RetryAdvice);
        }

        var totp = new OtpNet.Totp(secret, step: _step, mode: OtpHashMode.Sha1, totpSize: _digits);

        // Otp.NET checks the codes of the steps in the drift window and reports which step matched.
        if (!totp.VerifyTotp(now.UtcDateTime, code, out var matchedStep, _window))
        {
            return StepUpAttempts.Fail(challenge, StepUpVerdict.WrongCode, RetryAdvice);
        }

        // RFC 6238 section 5.2: a verifier must not accept the second attempt of the same OTP.
        return await _secrets.TryAcceptTimeStepAsync(challenge.Subject, matchedStep, cancellationToken).ConfigureAwait(false)
            ? StepUpAttempts.Succeed(challenge)
            : StepUpAttempts.Fail(challenge, StepUpVerdict.CodeReused, ReusedAdvice);
    }
}
