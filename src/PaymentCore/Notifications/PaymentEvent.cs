using System.Buffers.Binary;
using System.Text;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Notifications;

/// <summary>
/// A state change told to payer and merchant. Its <see cref="EventId"/> is derived from the transaction and the
/// record version, so a change re-sent after a crash carries the same id and receivers can drop the duplicate.
/// </summary>
/// <param name="EventId">The stable event id.</param>
/// <param name="TransactionId">The transaction.</param>
/// <param name="Version">The record version the change produced.</param>
/// <param name="MerchantId">The merchant to tell, masked to its last four characters (<see cref="Redaction.Mask"/>): notifiers log events (issue 12).</param>
/// <param name="PayerToken">The payer (instrument token or account) to tell, masked to its last four characters.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Amount">The amount the change moved.</param>
/// <param name="OccurredAt">When the change was recorded.</param>
/// <param name="Reason">The decline or failure code, if any.</param>
/// <param name="Operation">The authorizer operation the change records, if any.</param>
/// <param name="Refused">Whether the authorizer refused that operation (the state did not move).</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record PaymentEvent(
    Guid EventId,
    TransactionId TransactionId,
    long Version,
    string MerchantId,
    string PayerToken,
    TransactionStatus From,
    TransactionStatus To,
    Money Amount,
    DateTimeOffset OccurredAt,
    string? Reason,
    AuthorizerOperation? Operation = null,
    bool Refused = false)
{
    /// <summary>
    /// Gets what the payer or merchant should do next, on a decline or a failure (<c>payment.declined</c>,
    /// <c>payment.failed</c>, a refused operation); <see langword="null"/> on other changes.
    /// </summary>
    public DeclineAdvice? Advice { get; init; }

    /// <summary>Gets a short sentence safe to show the payer, with <see cref="Advice"/>; <see langword="null"/> when there is no advice.</summary>
    public string? PayerMessage { get; init; }

    /// <summary>
    /// Gets the W3C <c>traceparent</c> of the operation that recorded the change, when it was traced, so its delivery
    /// (and the webhook it sends) joins the same trace.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Gets the event's type, for receivers that subscribe by type: <c>payment.{state}</c> for a state change
    /// (<c>payment.authorized</c>, <c>payment.captured</c>, <c>payment.partially_refunded</c>…), and
    /// <c>payment.{operation}_refused</c> when the authorizer refused a capture, void or refund.
    /// </summary>
    public string Type => Refused && Operation is { } op && To != TransactionStatus.Declined
        ? "payment." + op.ToString().ToLowerInvariant() + "_refused"
        : To switch
        {
            TransactionStatus.Received => "payment.received",
            TransactionStatus.Authorized => "payment.authorized",
            TransactionStatus.Captured when Operation == AuthorizerOperation.Void => "payment.remainder_released",
            TransactionStatus.Captured => "payment.captured",
            TransactionStatus.PartiallyRefunded => "payment.partially_refunded",
            TransactionStatus.Refunded => "payment.refunded",
            TransactionStatus.Voided => "payment.voided",
            TransactionStatus.Declined => "payment.declined",
            TransactionStatus.Failed => "payment.failed",
            TransactionStatus.RequiresAction => "payment.requires_action",
            _ => "payment.changed",
        };
    /// <summary>
    /// The merchant as given, for PaymentCore's own notifiers that route by merchant (webhooks). Kept out of the public
    /// surface so an event logged or forwarded by a notifier carries the masked forms only.
    /// </summary>
    [System.Text.Json.Serialization.JsonInclude]
    [System.Text.Json.Serialization.JsonPropertyName("merchantRoute")]
    internal string? MerchantRoute { get; init; }

    /// <summary>The merchant to route by: <see cref="MerchantRoute"/>, or <see cref="MerchantId"/> for an event written before it existed.</summary>
    internal string RoutingMerchantId => MerchantRoute ?? MerchantId;

    /// <summary>The event as notifiers get it: masked merchant and payer, also for an event stored before they were masked.</summary>
    internal PaymentEvent ForNotifiers() => MerchantRoute is not null
        ? this
        : this with { MerchantRoute = MerchantId, MerchantId = Redaction.Mask(MerchantId), PayerToken = Redaction.Mask(PayerToken) };

    // ToString() masks the merchant and payer: events are logged by notifiers (issue 12).
    private bool PrintMembers(StringBuilder builder)
    {
        Redaction.Append(builder, nameof(EventId), EventId.ToString(), first: true);
        Redaction.Append(builder, nameof(TransactionId), TransactionId.ToString());
        Redaction.Append(builder, nameof(Version), Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Redaction.Append(builder, nameof(MerchantId), Redaction.Mask(RoutingMerchantId));
        Redaction.Append(builder, nameof(PayerToken), Redaction.Mask(PayerToken));
        Redaction.Append(builder, nameof(From), From.ToString());
        Redaction.Append(builder, nameof(To), To.ToString());
        Redaction.Append(builder, nameof(Amount), Amount.ToString());
        Redaction.Append(builder, nameof(OccurredAt), OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Redaction.Append(builder, nameof(Reason), Reason ?? "null");
        return true;
    }

    /// <summary>Creates the event of the last state change of <paramref name="record"/>.</summary>
    /// <param name="record">The record just written.</param>
    /// <returns>The event.</returns>
    public static PaymentEvent For(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var change = record.History[^1];
        // Masked forms (PCI DSS 3.4.1 spirit: notifiers are outside PaymentCore's control and log what they get).
        var advice = AdviceFor(record, change);
        return new PaymentEvent(
            IdFor(record.Id, change.Version),
            record.Id,
            change.Version,
            MaskedMerchant(record.MerchantId),
            MaskedPayer(record.Request.Payer.Token),
            change.From,
            change.To,
            change.Amount,
            change.At,
            change.Reason,
            change.Operation,
            change.Refused)
        {
            Advice = advice,
            PayerMessage = advice is { } a ? (change.To == TransactionStatus.Declined ? record.Decline?.PayerMessage : null) ?? DeclineCodes.PayerMessageFor(a) : null,
            MerchantRoute = record.MerchantId,
        };
    }

    // A payment's records share their merchant and payer strings, and each of its writes makes an event: the last
    // masked form per thread is kept, so the masks are made once per payment, not once per event.
    [ThreadStatic]
    private static (string Value, string Masked) t_merchant;

    [ThreadStatic]
    private static (string Value, string Masked) t_payer;

    private static string MaskedMerchant(string value) => Masked(ref t_merchant, value);

    private static string MaskedPayer(string value) => Masked(ref t_payer, value);

    private static string Masked(ref (string Value, string Masked) last, string value)
    {
        if (!ReferenceEquals(last.Value, value) || last.Masked is null)
        {
            last = (value, Redaction.Mask(value));
        }

        return last.Masked;
    }

    /// <summary>
    /// The advice a failure notification carries: the decline's own for a decline; for a failure or a refused
    /// operation, the advice of its code (the part after <c>capture_refused:</c> and the like).
    /// </summary>
    private static DeclineAdvice? AdviceFor(TransactionRecord record, StateChange change)
    {
        if (change.To == TransactionStatus.Declined && record.Decline is { } decline)
        {
            return decline.Advice;
        }

        if (change.To != TransactionStatus.Failed && !change.Refused)
        {
            return null;
        }

        var code = change.Reason;
        var colon = code?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return DeclineCodes.AdviceFor(colon >= 0 ? code![(colon + 1)..] : code);
    }

    /// <summary>Computes the stable id of the event of one record version.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="version">The version.</param>
    /// <returns>The same id on every machine, for every retry; distinct for distinct versions.</returns>
    public static Guid IdFor(TransactionId transactionId, long version)
    {
        // The transaction id is already a SHA-256 output, uniformly random, so no second hash is needed: keep its
        // first 8 bytes and mix the version into the last 8 with an odd multiplier (a bijection modulo 2^64).
        // Distinct versions of one transaction therefore never share an id, and ids of different transactions
        // collide only if their transaction ids do.
        Span<byte> bytes = stackalloc byte[16];
        transactionId.Value.TryWriteBytes(bytes);
        var tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], tail ^ unchecked((ulong)version * 0x9E3779B97F4A7C15UL));
        return new Guid(bytes);
    }
}
