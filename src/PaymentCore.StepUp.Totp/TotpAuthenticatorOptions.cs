namespace PaymentCore.StepUp.Totp;

/// <summary>Configures <see cref="TotpAuthenticator"/>.</summary>
/// <remarks>A mutable options object: configure it once, before the authenticator is made. Not thread-safe.</remarks>
public sealed class TotpAuthenticatorOptions
{
    /// <summary>Gets or sets the RFC 6238 time step.</summary>
    /// <value>Defaults to 30 seconds, what authenticator apps use; 15 to 120 seconds, whole seconds.</value>
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the number of digits.</summary>
    /// <value>Defaults to 6; 6 to 8.</value>
    public int Digits { get; set; } = 6;

    /// <summary>Gets or sets how many steps of clock drift are accepted on each side of now.</summary>
    /// <value>Defaults to 1 (RFC 6238 section 5.2 recommends at most one); 0 to 2.</value>
    public int AllowedDriftSteps { get; set; } = 1;

    /// <summary>Gets or sets how long a challenge accepts answers.</summary>
    /// <value>Defaults to 5 minutes; 30 seconds to 1 hour.</value>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many wrong answers a challenge allows in all; the last one declines.</summary>
    /// <value>Defaults to 5; 1 to 10.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    public void Validate() => TotpAuthenticatorOptionsValidator.Instance.ThrowIfInvalid(this);
}
