namespace PaymentCore.StepUp;

/// <summary>Configures <see cref="OneTimeCodeAuthenticator"/>.</summary>
/// <remarks>A mutable options object: configure it once, before the authenticator is made. Not thread-safe.</remarks>
public sealed class OneTimeCodeOptions
{
    /// <summary>The shortest <see cref="HashKey"/>, in bytes.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>Gets or sets the HMAC-SHA256 key that codes are hashed with before the challenge is stored.</summary>
    /// <value>Required, at least 32 bytes (make one with <c>RandomNumberGenerator.GetBytes(32)</c>). Keep it out of the database that stores challenges: with only a plain hash, a stolen database would give up a six-digit code to a million guesses.</value>
    public byte[] HashKey { get; set; } = [];

    /// <summary>Gets or sets how long a code works.</summary>
    /// <value>Defaults to 5 minutes; 30 seconds to 1 hour.</value>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many wrong answers a challenge allows in all; the last one declines.</summary>
    /// <value>Defaults to 5; 1 to 10.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets the least time between two sends of a code for one challenge.</summary>
    /// <value>Defaults to 30 seconds; zero to 1 hour.</value>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many codes one challenge may send, the first included.</summary>
    /// <value>Defaults to 3; 1 to 10.</value>
    public int MaxSends { get; set; } = 3;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    public void Validate() => OneTimeCodeOptionsValidator.Instance.ThrowIfInvalid(this);
}
