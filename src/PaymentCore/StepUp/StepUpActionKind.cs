namespace PaymentCore.StepUp;

/// <summary>What the payer must do to let a payment go on (<see cref="StepUpNextAction.Kind"/>).</summary>
public enum StepUpActionKind
{
    /// <summary>Type the one-time code that was just sent (SMS, e-mail, push).</summary>
    EnterSentCode = 0,

    /// <summary>Type the code the authenticator app shows (TOTP, RFC 6238).</summary>
    EnterAuthenticatorCode = 1,

    /// <summary>Answer another authenticator's challenge (a method of your own).</summary>
    EnterCode = 2,

    /// <summary>
    /// Complete the authorizer's challenge: follow <see cref="StepUpNextAction.RedirectUrl"/> or hand
    /// <see cref="StepUpNextAction.Payload"/> to its SDK (3-D Secure), then confirm with the authentication result.
    /// </summary>
    CompleteAuthorizerChallenge = 3,
}
