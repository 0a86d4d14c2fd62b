using System.Globalization;
using Microsoft.Extensions.Logging;
using PaymentCore.Audit;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Records the operations the processor refuses (invalid input, an idempotency conflict, an illegal transition, an
/// operation already in flight, an unknown id) as <see cref="AuditEventTypes.OperationRefused"/> entries, then lets
/// the refusal reach the caller unchanged. The entry names fields, rules and states, never the refused values.
/// </summary>
/// <remarks>Thread-safe: stateless over the writer.</remarks>
internal sealed class RefusalAudit(TransactionWriter writer, Func<string, string, TransactionId> idFor, ILogger logger)
{
    /// <summary>Awaits an operation; if it is refused, appends the refusal's entry and rethrows the refusal.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="name">The operation's name in the entry.</param>
    /// <param name="request">The payment request, for a payment that may not exist yet; named only if refused.</param>
    /// <param name="id">The payment operated on, when there is one.</param>
    public async ValueTask<PaymentResult> GuardAsync(ValueTask<PaymentResult> operation, string name, PaymentRequest? request, TransactionId? id)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception ex) when (writer.Audits && Reason(ex) is { } reason)
        {
            // The resource is named here, not before the operation: almost no operation is refused, and naming a
            // request means deriving its id.
            await RecordAsync(name, id is { } known ? PaymentAuditEvents.Resource(known) : ResourceOf(request, idFor), reason).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The resource of a payment request: its transaction id when the merchant and key make one, else the request as such.</summary>
    public static string ResourceOf(PaymentRequest? request, Func<string, string, TransactionId> idFor)
    {
        try
        {
            return request is null ? "payment_request" : PaymentAuditEvents.Resource(idFor(request.MerchantId, request.IdempotencyKey));
        }
#pragma warning disable CA1031 // A request too broken to name its payment is named as a request.
        catch (Exception)
#pragma warning restore CA1031
        {
            return "payment_request";
        }
    }

    /// <summary>Why an exception is a refusal, in words that hold no input value; <see langword="null"/> when it is not one.</summary>
    internal static string? Reason(Exception ex) => ex switch
    {
        PaymentValidationException v => "validation: " + string.Join(", ", v.Errors.Select(e => e.Field + " " + e.Rule)),
        IdempotencyConflictException c => "idempotency conflict: " + string.Join(", ", c.DifferingFields) + " differ",
        InvalidTransitionException t => string.Create(CultureInfo.InvariantCulture, $"illegal transition {t.From} -> {t.To}"),
        OperationInProgressException p => string.Create(CultureInfo.InvariantCulture, $"{p.InFlight} in flight"),
        TransactionNotFoundException => "no such transaction",
        _ => null,
    };

    private async ValueTask RecordAsync(string name, string resource, string reason)
    {
        try
        {
            await writer.RecordAsync([PaymentAuditEvents.Refused(resource, name, reason, writer.Now)], CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The caller must see the refusal, not the audit store's fault; the fault is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Recording the refusal of {Operation} on {Resource} in the audit trail failed.", name, resource);
        }
    }
}
