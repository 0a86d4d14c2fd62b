namespace PaymentCore.Rules;

/// <summary>
/// The read-only facts a rule may use besides the request: the time, and the payer's recent activity for the
/// windows the rules asked for. Fetched by the processor before the chain runs, so rules stay pure.
/// </summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly struct RuleContext
{
    private readonly PayerActivity[]? _activity;

    /// <summary>Creates a context.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="activity">The payer's activity, one entry per window the rules read.</param>
    public RuleContext(DateTimeOffset now, params PayerActivity[]? activity)
    {
        Now = now;
        _activity = activity;
    }

    /// <summary>Gets the current time, from the processor's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets the payer's activity for <paramref name="window"/>.</summary>
    /// <param name="window">A window a rule declared in <see cref="IPaymentRule.ActivityWindow"/>.</param>
    /// <returns>The activity.</returns>
    /// <exception cref="InvalidOperationException">No activity was fetched for that window.</exception>
    public PayerActivity GetActivity(TimeSpan window)
    {
        foreach (var a in _activity ?? [])
        {
            if (a.Window == window)
            {
                return a;
            }
        }

        throw new InvalidOperationException($"No payer activity for a window of {window} was provided; a rule that reads activity must declare it in IPaymentRule.ActivityWindow.");
    }
}
