using PaymentCore.Payments;

namespace PaymentCore.Audit;

/// <summary>
/// What happened, as PCI DSS v4 requirement 10.2.2 asks an audit record to say: who (<see cref="Actor"/>), what
/// (<see cref="EventType"/>), when (<see cref="OccurredAt"/>), whether it worked (<see cref="Outcome"/>), from
/// where (<see cref="Origin"/>) and to what (<see cref="Resource"/>), plus an optional human-readable
/// <see cref="Detail"/>.
/// </summary>
/// <remarks>
/// <para>
/// The constructor checks every field and throws <see cref="AuditValidationException"/> naming the field and the
/// rule: required fields present, lengths bounded, no control characters, and no field holding a card number
/// (PCI DSS 3.3: an audit trail must not become a store of card data). The types have no place for a CVV, a
/// one-time code or a secret; callers must not write one into <see cref="Detail"/> either.
/// </para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed record AuditEvent
{
    /// <summary>The actor of actions nobody asked for: recovery, timers, start-up.</summary>
    public const string SystemActor = "system";

    /// <summary>The longest <see cref="Actor"/>, <see cref="Origin"/> and <see cref="EventType"/>, in characters.</summary>
    public const int MaxShortLength = 128;

    /// <summary>The longest <see cref="Resource"/>, in characters.</summary>
    public const int MaxResourceLength = 256;

    /// <summary>The longest <see cref="Detail"/>, in characters.</summary>
    public const int MaxDetailLength = 2048;

    /// <summary>Creates an event and checks it.</summary>
    /// <param name="actor">The user id or service name that acted, or <see cref="SystemActor"/>.</param>
    /// <param name="eventType">A lower-case dotted name such as <c>payment.state_changed</c>; see <see cref="AuditEventTypes"/>.</param>
    /// <param name="occurredAt">When it happened, from the caller's <see cref="TimeProvider"/>; kept in UTC.</param>
    /// <param name="outcome">Success or failure.</param>
    /// <param name="resource">What was affected, such as <c>transaction/0193…</c>.</param>
    /// <param name="origin">Where the action came from (an IP address, a service name), when the caller knows.</param>
    /// <param name="detail">A sentence that explains, such as the rule figures; never a secret.</param>
    /// <exception cref="AuditValidationException">A field breaks a rule.</exception>
    public AuditEvent(string actor, string eventType, DateTimeOffset occurredAt, AuditOutcome outcome, string resource, string? origin = null, string? detail = null)
    {
        Actor = Check(actor, nameof(Actor), MaxShortLength, required: true)!;
        EventType = CheckEventType(eventType);
        OccurredAt = occurredAt.ToUniversalTime();
        if (outcome is not (AuditOutcome.Success or AuditOutcome.Failure))
        {
            throw new AuditValidationException(new ValidationError(nameof(Outcome), ValidationRules.Defined, "Outcome must be Success or Failure."));
        }

        Outcome = outcome;
        Resource = Check(resource, nameof(Resource), MaxResourceLength, required: true)!;
        Origin = Check(origin, nameof(Origin), MaxShortLength, required: false);
        Detail = Check(detail, nameof(Detail), MaxDetailLength, required: false, allowLineBreaks: true);
    }

    /// <summary>Gets the user id or service name that acted, or <see cref="SystemActor"/>.</summary>
    public string Actor { get; }

    /// <summary>Gets the kind of event, a lower-case dotted name.</summary>
    public string EventType { get; }

    /// <summary>Gets when it happened, in UTC.</summary>
    public DateTimeOffset OccurredAt { get; }

    /// <summary>Gets whether the action succeeded.</summary>
    public AuditOutcome Outcome { get; }

    /// <summary>Gets the affected resource.</summary>
    public string Resource { get; }

    /// <summary>Gets where the action came from, if the caller said.</summary>
    public string? Origin { get; }

    /// <summary>Gets the explanation, if any.</summary>
    public string? Detail { get; }

    /// <summary>Rebuilds an event read back from a store without checking it, so that verification sees exactly what the store holds, tampered or not.</summary>
    internal static AuditEvent FromStored(string actor, string eventType, DateTimeOffset occurredAt, AuditOutcome outcome, string resource, string? origin, string? detail) =>
        new(actor, eventType, occurredAt, outcome, resource, origin, detail, trusted: true);

#pragma warning disable IDE0060 // the flag only selects this constructor
    private AuditEvent(string actor, string eventType, DateTimeOffset occurredAt, AuditOutcome outcome, string resource, string? origin, string? detail, bool trusted)
#pragma warning restore IDE0060
    {
        Actor = actor;
        EventType = eventType;
        OccurredAt = occurredAt.ToUniversalTime();
        Outcome = outcome;
        Resource = resource;
        Origin = origin;
        Detail = detail;
    }

    // The one place the audit trail asks whether text holds card data, so that it follows the project's detector.
    private static bool LooksLikeCardData(string value) => DataProtection.CardDataDetector.Find(value) != DataProtection.CardDataKind.None;

    private static string CheckEventType(string eventType)
    {
        var value = Check(eventType, nameof(EventType), MaxShortLength, required: true)!;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
            {
                throw new AuditValidationException(new ValidationError(nameof(EventType), "event_type_format", "EventType must be lower-case ASCII letters, digits, '.', '_' or '-', such as payment.state_changed."));
            }
        }

        return value;
    }

    private static string? Check(string? value, string field, int maxLength, bool required, bool allowLineBreaks = false)
    {
        if (value is null || (value.Length == 0 && !required))
        {
            return required
                ? throw new AuditValidationException(new ValidationError(field, ValidationRules.Required, $"{field} is required."))
                : null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AuditValidationException(new ValidationError(field, ValidationRules.Required, $"{field} must not be blank."));
        }

        if (value.Length > maxLength)
        {
            throw new AuditValidationException(new ValidationError(field, ValidationRules.MaximumLength, $"{field} has {value.Length} characters; at most {maxLength} are allowed."));
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                throw new AuditValidationException(new ValidationError(field, ValidationRules.NoControlCharacters, $"{field} must not contain control characters."));
            }
        }

        if (LooksLikeCardData(value))
        {
            // PCI DSS 3.3 / 10.2.2: audit records say who did what to which payment, never which card.
            throw new AuditValidationException(new ValidationError(field, ValidationRules.NoCardNumber, $"{field} contains what looks like a card number; audit entries never hold card data. Name the payment by its id instead."));
        }

        return value;
    }
}
