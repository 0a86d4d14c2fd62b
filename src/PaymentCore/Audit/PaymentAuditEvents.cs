using System.Globalization;
using System.Text;
using PaymentCore.Rules;
using PaymentCore.Transactions;

namespace PaymentCore.Audit;

/// <summary>
/// The audit entries the processor writes, built from records and outcomes only: ids, states, amounts, codes of
/// declines and failures, rule explanations. Never a card number, CVV, one-time code, authorization code, operation
/// key or secret (PCI DSS 3.3, 10.2.2). Actor and origin come from the ambient <see cref="OperationContext"/>.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class PaymentAuditEvents
{
    private const int MaxKeptBuilderCapacity = 8 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>The resource name of a payment: <c>transaction/{id}</c>.</summary>
    public static string Resource(TransactionId id) => string.Create(ResourcePrefix.Length + TransactionId.TextLength, id, static (span, id) =>
    {
        ResourcePrefix.CopyTo(span);
        id.WriteTo(span[ResourcePrefix.Length..]);
    });

    private const string ResourcePrefix = "transaction/";

    /// <summary>The entry of a payment's first write: created, with every rule's decision.</summary>
    public static AuditEvent Created(TransactionRecord record, DateTimeOffset now)
    {
        var detail = RentBuilder();
        detail.Append(CultureInfo.InvariantCulture, $"created {record.Status}; {record.Amount}");
        if (record.Decline is { } decline)
        {
            detail.Append(CultureInfo.InvariantCulture, $"; declined {decline.Code} by {decline.DeclinedBy}");
        }

        if (!record.RuleDecisions.IsEmpty)
        {
            detail.Append("\nrules:\n");
            RuleDecision.AppendTo(detail, record.RuleDecisions);
        }

        return Event(AuditEventTypes.StateChanged, OutcomeOf(record), Resource(record.Id), ToStringAndReturn(detail), now);
    }

    /// <summary>The entry of a later write: the move, what the last history entry says, and the operation in flight.</summary>
    public static AuditEvent Changed(TransactionRecord previous, TransactionRecord next, DateTimeOffset now)
    {
        var detail = RentBuilder();
        detail.Append(CultureInfo.InvariantCulture, $"{previous.Status} -> {next.Status}; version {next.Version}");
        var refused = false;
        if (next.History.Length > previous.History.Length)
        {
            var change = next.History[^1];
            refused = change.Refused;
            if (change.Operation is { } operation)
            {
                detail.Append(CultureInfo.InvariantCulture, $"; {NameOf(operation)}{(change.Refused ? " refused" : string.Empty)} {change.Amount}");
            }

            if (change.Reason is { } reason)
            {
                detail.Append("; reason ").Append(reason);
            }
        }

        if (next.Pending is { } pending && !Equals(pending, previous.Pending))
        {
            detail.Append(CultureInfo.InvariantCulture, $"; in flight {NameOf(pending.Operation)} {pending.Amount}{(pending.OutcomeUnknown ? " outcome unknown" : string.Empty)}");
        }
        else if (next.Pending is null && previous.Pending is { } cleared)
        {
            detail.Append(CultureInfo.InvariantCulture, $"; {NameOf(cleared.Operation)} no longer in flight");
        }

        if (next.Authorizer is { } authorizer && !string.Equals(authorizer, previous.Authorizer, StringComparison.Ordinal))
        {
            detail.Append("; authorizer ").Append(authorizer);
        }

        var type = OperationContext.Current?.IsRecovery == true ? AuditEventTypes.RecoveryAction : AuditEventTypes.StateChanged;
        var outcome = refused || next.Status is TransactionStatus.Declined or TransactionStatus.Failed ? AuditOutcome.Failure : AuditOutcome.Success;
        return Event(type, outcome, Resource(next.Id), ToStringAndReturn(detail), now);
    }

    /// <summary>An operation the processor refused (invalid input, an idempotency conflict, an illegal move, one already in flight, an unknown id).</summary>
    public static AuditEvent Refused(string resource, string operation, string reason, DateTimeOffset now) =>
        Event(AuditEventTypes.OperationRefused, AuditOutcome.Failure, resource, operation + " refused: " + reason, now);

    /// <summary>
    /// An entry with the ambient actor and origin. A detail the audit's own rules refuse (one that looks like card
    /// data, which built-in texts never hold but a custom rule's explanation might) is withheld, not written, and the
    /// entry still records that the change happened: a payment never fails because of its audit text. An explicit
    /// <paramref name="actor"/> (a step-up attempt names the merchant that answered) replaces the ambient one; the
    /// origin is still the ambient one.
    /// </summary>
    public static AuditEvent Event(string eventType, AuditOutcome outcome, string resource, string? detail, DateTimeOffset now, string? actor = null)
    {
        var context = OperationContext.Current;
        actor ??= context?.Actor ?? AuditEvent.SystemActor;
        var origin = context?.Origin;
        if (detail is { Length: > AuditEvent.MaxDetailLength })
        {
            detail = string.Concat(detail.AsSpan(0, AuditEvent.MaxDetailLength - 1), "…");
        }

        // The resource is a name the processor derived (a transaction id is 32 hex digits): a run of its digits can
        // pass a Luhn check by chance, one id in a few thousand, but it is no card number. So the resource is checked
        // with the entry's other fields only through a stand-in, and the real one is set unchecked.
        try
        {
            _ = new AuditEvent(actor, eventType, now, outcome, "resource", origin, detail);
        }
        catch (AuditValidationException ex) when (ex.Field == nameof(AuditEvent.Detail))
        {
            detail = "detail withheld: " + ex.Rule;
        }

        return AuditEvent.FromStored(actor, eventType, now, outcome, resource, origin, detail);
    }

    // Every audited write builds one detail: one builder per thread is reused, so only the detail string is new.
    private static StringBuilder RentBuilder()
    {
        var builder = t_builder ?? new StringBuilder(256);
        t_builder = null;
        return builder.Clear();
    }

    private static string ToStringAndReturn(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= MaxKeptBuilderCapacity)
        {
            t_builder = builder;
        }

        return text;
    }

    private static string NameOf(Authorization.AuthorizerOperation operation) => operation switch
    {
        Authorization.AuthorizerOperation.Authorize => "authorize",
        Authorization.AuthorizerOperation.Capture => "capture",
        Authorization.AuthorizerOperation.Void => "void",
        Authorization.AuthorizerOperation.Refund => "refund",
        Authorization.AuthorizerOperation.Sale => "sale",
        _ => operation.ToString().ToLowerInvariant(),
    };

    private static AuditOutcome OutcomeOf(TransactionRecord record) =>
        record.Status is TransactionStatus.Declined or TransactionStatus.Failed ? AuditOutcome.Failure : AuditOutcome.Success;
}
