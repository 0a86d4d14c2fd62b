namespace PaymentCore.Audit;

/// <summary>
/// Who is acting and from where, for the audit trail (PCI DSS v4 10.2.2 "user identification" and "origination"):
/// an ambient value that flows with the async call, set by the caller around its calls to the processor.
/// </summary>
/// <remarks>
/// <para>
/// <code>using (OperationContext.Begin(actor: "ops@example.com", origin: "10.0.0.1")) { await processor.CaptureAsync(...); }</code>
/// Every audit entry written inside the scope names that actor and origin; outside any scope the actor is
/// <see cref="AuditEvent.SystemActor"/>. Scopes nest; disposing one restores the one around it. Based on
/// <see cref="AsyncLocal{T}"/>, so concurrent requests each see their own. Immutable; thread-safe.
/// </para>
/// </remarks>
public sealed class OperationContext
{
    private static readonly AsyncLocal<OperationContext?> Ambient = new();

    private OperationContext(string actor, string? origin, bool recovery)
    {
        Actor = actor;
        Origin = origin;
        IsRecovery = recovery;
    }

    /// <summary>Gets the context of the current call, or <see langword="null"/> outside any scope.</summary>
    public static OperationContext? Current => Ambient.Value;

    /// <summary>Gets the user id or service name acting.</summary>
    public string Actor { get; }

    /// <summary>Gets where the action comes from (an IP address, a service), if the caller said.</summary>
    public string? Origin { get; }

    /// <summary>Gets whether this scope is a recovery pass (its writes are audited as recovery actions).</summary>
    internal bool IsRecovery { get; }

    /// <summary>Starts a scope in which audit entries name <paramref name="actor"/> and <paramref name="origin"/>.</summary>
    /// <param name="actor">The user id or service name; never a secret or card data.</param>
    /// <param name="origin">Where the action comes from, such as an IP address; optional.</param>
    /// <returns>The scope; dispose it to restore the previous context.</returns>
    /// <exception cref="AuditValidationException">The actor or origin breaks a rule of <see cref="AuditEvent"/> (blank, too long, control characters, card data).</exception>
    public static IDisposable Begin(string actor, string? origin = null)
    {
        // Checked now, by the same rules as the entries, so a bad actor fails at the caller, not inside a payment write.
        _ = new AuditEvent(actor, AuditEventTypes.StateChanged, DateTimeOffset.UnixEpoch, AuditOutcome.Success, "check", origin);
        return Push(new OperationContext(actor, origin, recovery: false));
    }

    /// <summary>Starts the scope of a recovery pass: the ambient actor is kept (or <see cref="AuditEvent.SystemActor"/>), marked as recovery.</summary>
    /// <returns>The scope.</returns>
    internal static IDisposable BeginRecovery()
    {
        var current = Current;
        return Push(new OperationContext(current?.Actor ?? AuditEvent.SystemActor, current?.Origin ?? "recovery", recovery: true));
    }

    private static Scope Push(OperationContext context)
    {
        var scope = new Scope(Ambient.Value);
        Ambient.Value = context;
        return scope;
    }

    private sealed class Scope(OperationContext? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Ambient.Value = previous;
            }
        }
    }
}
