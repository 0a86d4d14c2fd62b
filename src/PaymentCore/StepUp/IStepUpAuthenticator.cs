namespace PaymentCore.StepUp;

/// <summary>
/// Asks a payer to prove who they are before a payment goes on (two-factor, "step-up" authentication), and
/// checks the answer. Built-ins: <see cref="OneTimeCodeAuthenticator"/> (a code sent through a notifier) and the
/// TOTP authenticator of the <c>PaymentCore.StepUp.Totp</c> package.
/// </summary>
/// <remarks>
/// Authenticators are stateless between calls: everything to remember is in the <see cref="StepUpChallenge"/> they
/// return, which the caller persists (with the payment) and passes back. Two concurrent answers to one challenge
/// must be serialised by the caller (a version check on the payment), since each returns a new state.
/// Implementations must be thread-safe.
/// </remarks>
public interface IStepUpAuthenticator
{
    /// <summary>Gets the method's name, such as <c>totp</c> or <c>one-time-code</c>; stored in <see cref="StepUpChallenge.Method"/>.</summary>
    string Method { get; }

    /// <summary>Issues a challenge (and sends a code, for methods that send one).</summary>
    /// <param name="request">Which challenge, for whom.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The challenge to persist.</returns>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    ValueTask<StepUpChallenge> BeginAsync(StepUpRequest request, CancellationToken cancellationToken = default);

    /// <summary>Checks the payer's answer.</summary>
    /// <param name="challenge">The persisted challenge.</param>
    /// <param name="response">What the payer typed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verdict and the new challenge state.</returns>
    /// <exception cref="ArgumentException">The challenge belongs to another method.</exception>
    ValueTask<StepUpResult> VerifyAsync(StepUpChallenge challenge, string response, CancellationToken cancellationToken = default);
}
