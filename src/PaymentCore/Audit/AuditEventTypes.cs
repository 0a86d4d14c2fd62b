namespace PaymentCore.Audit;

/// <summary>
/// The event types PaymentCore itself writes. <see cref="AuditEvent.EventType"/> accepts any lower-case dotted
/// name, so applications add their own (such as <c>admin.login</c>); these are the ones a processor emits.
/// </summary>
public static class AuditEventTypes
{
    /// <summary>A payment moved from one state to another.</summary>
    public const string StateChanged = "payment.state_changed";

    /// <summary>A payer answered a step-up challenge, rightly or not.</summary>
    public const string StepUpAttempt = "stepup.attempt";

    /// <summary>A step-up challenge was issued or a code was sent again.</summary>
    public const string StepUpChallenge = "stepup.challenge";

    /// <summary>An operation was refused: an illegal transition, an idempotency conflict or invalid input.</summary>
    public const string OperationRefused = "operation.refused";

    /// <summary>Recovery acted on an unfinished payment.</summary>
    public const string RecoveryAction = "recovery.action";

    /// <summary>A dead-lettered notification was sent again.</summary>
    public const string DeadLetterRedrive = "outbox.redrive";

    /// <summary>A key was rotated.</summary>
    public const string KeyRotated = "key.rotated";

    /// <summary>The processor started with a configuration (recorded once at start).</summary>
    public const string Configured = "processor.configured";
}
