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
/// <param name="MerchantId">The merchant to tell.</param>
/// <param name="PayerToken">The payer (instrument token or account) to tell.</param>
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
    // ToString() masks the merchant and payer: events are logged by notifiers (issue 12).
    private bool PrintMembers(StringBuilder builder)
    {
        Redaction.Append(builder, nameof(EventId), EventId.ToString(), first: true);
        Redaction.Append(builder, nameof(TransactionId), TransactionId.ToString());
        Redaction.Append(builder, nameof(Version), Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Redaction.Append(builder, nameof(MerchantId), Redaction.Mask(MerchantId));
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
        return new PaymentEvent(
            IdFor(record.Id, change.Version),
            record.Id,
            change.Version,
            record.MerchantId,
            record.Request.Payer.Token,
            change.From,
            change.To,
            change.Amount,
            change.At,
            change.Reason,
            change.Operation,
            change.Refused);
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
