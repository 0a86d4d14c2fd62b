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
    public void Validate()
    {
        if (HashKey is null || HashKey.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"{nameof(HashKey)} must be at least {MinimumKeyLength} bytes; got {HashKey?.Length ?? 0}. Make one with RandomNumberGenerator.GetBytes(32) and keep it outside the database.", nameof(HashKey));
        }

        if (CodeLifetime < TimeSpan.FromSeconds(30) || CodeLifetime > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{nameof(CodeLifetime)} must be 30 seconds to 1 hour; got {CodeLifetime}.", nameof(CodeLifetime));
        }

        if (MaxAttempts is < 1 or > 10)
        {
            throw new ArgumentException($"{nameof(MaxAttempts)} must be 1 to 10; got {MaxAttempts}.", nameof(MaxAttempts));
        }

        if (ResendInterval < TimeSpan.Zero || ResendInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{nameof(ResendInterval)} must be zero to 1 hour; got {ResendInterval}.", nameof(ResendInterval));
        }

        if (MaxSends is < 1 or > 10)
        {
            throw new ArgumentException($"{nameof(MaxSends)} must be 1 to 10; got {MaxSends}.", nameof(MaxSends));
        }
    }
}
