using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Serialization;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Rules;
using PaymentCore.StepUp;

namespace PaymentCore.Transactions;

/// <summary>
/// The stored state of one payment: amounts, status, decline, history. A new record is made for every change
/// (records are immutable), with <see cref="Version"/> one higher, so stores can apply optimistic concurrency.
/// </summary>
/// <remarks>
/// Immutable; safe to share between threads. Create and change records only through
/// <see cref="PaymentStateMachine"/>, which keeps the invariants: captured ≤ authorized, refunded ≤ captured,
/// and no move the state machine does not allow.
/// </remarks>
public sealed record TransactionRecord
{
    // Not public, and the record is sealed so its copy constructor is private: a record exists only because the state
    // machine (or a store reading what it wrote) made it (issue 10). Members are not `required` (C# forbids a required
    // member whose setter is less visible than the type); [JsonRequired] keeps them required in stored documents.
    internal TransactionRecord()
    {
    }

    /// <summary>Gets the transaction id, derived from the merchant and the idempotency key.</summary>
    [JsonRequired]
    public TransactionId Id { get; internal init; }

    /// <summary>Gets the request as received (it holds no card number).</summary>
    [JsonRequired]
    public PaymentRequest Request { get; internal init; } = null!; // always set: [JsonRequired], and the state machine copies it

    /// <summary>Gets the current state.</summary>
    [JsonRequired]
    public TransactionStatus Status { get; internal init; }

    /// <summary>Gets the amount held by the authorization (zero until authorized).</summary>
    [JsonRequired]
    public Money Authorized { get; internal init; }

    /// <summary>Gets the amount captured.</summary>
    [JsonRequired]
    public Money Captured { get; internal init; }

    /// <summary>Gets the amount refunded.</summary>
    [JsonRequired]
    public Money Refunded { get; internal init; }

    /// <summary>Gets the fee the rules charged, in the payment's currency.</summary>
    [JsonRequired]
    public Money Fee { get; internal init; }

    /// <summary>Gets the authorizer's authorization code, once authorized.</summary>
    public string? AuthorizationCode { get; internal init; }

    /// <summary>Gets the name of the authorizer that holds the authorization, once sent.</summary>
    public string? Authorizer { get; internal init; }

    /// <summary>Gets why the payment was declined, when it was.</summary>
    public DeclineInfo? Decline { get; internal init; }

    /// <summary>Gets why the payment failed, when it did.</summary>
    public string? FailureReason { get; internal init; }

    /// <summary>Gets the operation sent to the authorizer whose outcome is not recorded yet, if any.</summary>
    public PendingOperation? Pending { get; internal init; }

    /// <summary>
    /// Gets whether more captures may follow: <see langword="true"/> after a partial capture sent with
    /// <c>finalCapture: false</c>, until a final capture or a void releases the rest of the hold.
    /// </summary>
    public bool CaptureOpen { get; internal init; }

    /// <summary>Gets how many operations were sent for this payment (the authorization is the first); each derives its own authorizer key.</summary>
    public int Operations { get; internal init; }

    /// <summary>
    /// Gets when recovery should look at the record next, or <see langword="null"/> when nothing is left to do
    /// (terminal, or settled with no hold open). Set by the processor on every write; stores index it.
    /// </summary>
    public DateTimeOffset? DueAt { get; internal init; }

    /// <summary>
    /// Gets the payment's step-up (two-factor) authentication, when a rule or the authorizer asked for one: the
    /// challenge, and every answer by confirm key. Set while the payment is, or was, in
    /// <see cref="TransactionStatus.RequiresAction"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonInclude]
    public StepUpState? StepUp { get; internal init; }

    /// <summary>
    /// Gets when the bank confirmed the payment settled (pain.002 <c>ACSC</c> or <c>ACCC</c>): a fact on a captured
    /// payment, not a state; the status stays what it was. Set once; a later confirmation changes nothing.
    /// </summary>
    /// <value><see langword="null"/> until settled; only a payment that was captured is ever settled.</value>
    [System.Text.Json.Serialization.JsonInclude]
    public DateTimeOffset? SettledAt { get; internal init; }

    /// <summary>Gets the bank's reference for the settlement, such as the status code and the report's message id.</summary>
    /// <value><see langword="null"/> until settled.</value>
    [System.Text.Json.Serialization.JsonInclude]
    public string? SettlementReference { get; internal init; }

    /// <summary>Gets when the record was created.</summary>
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; internal init; }

    /// <summary>Gets when the record last changed.</summary>
    [JsonRequired]
    public DateTimeOffset UpdatedAt { get; internal init; }

    /// <summary>Gets the version: 1 when created, one more for every stored change.</summary>
    [JsonRequired]
    public long Version { get; internal init; }

    /// <summary>Gets every state change, oldest first.</summary>
    [JsonRequired]
    public ImmutableArray<StateChange> History { get; internal init; }

    /// <summary>
    /// Gets every rule's decision when the payment was taken, in the order the rules ran, with the figures each used:
    /// why it was approved or declined. Empty for records written before decisions were kept, and for batch items
    /// created without rules.
    /// </summary>
    [JsonInclude]
    public ImmutableArray<RuleDecision> RuleDecisions
    {
        get => _ruleDecisions.IsDefault ? [] : _ruleDecisions;
        internal init => _ruleDecisions = value;
    }

    private readonly ImmutableArray<RuleDecision> _ruleDecisions;

    /// <summary>Gets the merchant.</summary>
    public string MerchantId => Request.MerchantId;

    /// <summary>Gets the idempotency key.</summary>
    public string IdempotencyKey => Request.IdempotencyKey;

    /// <summary>Gets the requested amount.</summary>
    public Money Amount => Request.Amount;

    /// <summary>Gets the amount that can still be refunded: captured less refunded.</summary>
    public Money Refundable => Captured - Refunded;

    /// <summary>Gets the amount the payer paid net of the fee (captured less refunded less fee, never below zero).</summary>
    public Money Net => Money.Max(Captured - Refunded - Fee, Money.Zero(Amount.Currency));

    /// <summary>Gets the amount still held and capturable: authorized less captured while a capture may follow, else zero.</summary>
    public Money Capturable => Status == TransactionStatus.Authorized || CaptureOpen ? Authorized - Captured : Money.Zero(Amount.Currency);

    /// <summary>Gets whether the payment counts toward the payer's activity (velocity): every payment not declined or failed.</summary>
    public bool CountsForActivity => Status is not (TransactionStatus.Declined or TransactionStatus.Failed);

    /// <summary>Gets the authorizer's reference of the authorization (a charge or payment-intent id), when it gave one.</summary>
    public string? AuthorizationReference
    {
        get
        {
            foreach (var change in History)
            {
                if (change is { Operation: AuthorizerOperation.Authorize, Refused: false })
                {
                    return change.Reference;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Whether the authorization is the next thing to happen (its intent is the record itself): Received, or
    /// RequiresAction once the payer stepped up. Recovery asks the authorizer about these.
    /// </summary>
    internal bool AwaitsAuthorization => Status == TransactionStatus.Received || (Status == TransactionStatus.RequiresAction && StepUp is { Satisfied: true });

    /// <summary>Gets whether the state is terminal (no further change is allowed).</summary>
    public bool IsTerminal => PaymentStateMachine.IsTerminal(Status);

    // ToString() prints the request redacted, operation keys masked and the history by its length (issue 12).
    private bool PrintMembers(StringBuilder builder)
    {
        Redaction.Append(builder, nameof(Id), Id.ToString(), first: true);
        Redaction.Append(builder, nameof(Status), Status.ToString());
        Redaction.Append(builder, nameof(Version), Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Redaction.Append(builder, nameof(Authorized), Authorized.ToString());
        Redaction.Append(builder, nameof(Captured), Captured.ToString());
        Redaction.Append(builder, nameof(Refunded), Refunded.ToString());
        Redaction.Append(builder, nameof(Fee), Fee.ToString());
        Redaction.Append(builder, nameof(Authorizer), Authorizer ?? "null");
        Redaction.Append(builder, nameof(Decline), Decline is { } d ? $"{d.Code} by {d.DeclinedBy}" : "null");
        Redaction.Append(builder, nameof(FailureReason), FailureReason ?? "null");
        Redaction.Append(builder, nameof(Pending), Pending is { } p ? $"{p.Operation} {Redaction.Mask(p.OperationKey)} {p.Amount}{(p.OutcomeUnknown ? " unknown" : string.Empty)}" : "null");
        Redaction.Append(builder, nameof(StepUp), StepUp is { } s ? $"{s.Trigger} {s.Method ?? "unissued"} {(s.Satisfied ? "satisfied" : "waiting")} {s.Confirmations.Length} answers" : "null");
        Redaction.Append(builder, nameof(CreatedAt), CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Redaction.Append(builder, nameof(UpdatedAt), UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Redaction.Append(builder, nameof(History), $"[{History.Length} changes]");
        Redaction.Append(builder, nameof(Request), Request?.ToString() ?? "null");
        return true;
    }

    /// <summary>Compares every field, the history by content.</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(TransactionRecord? other) =>
        other is not null
        && Id == other.Id
        && Status == other.Status
        && Version == other.Version
        && Authorized == other.Authorized
        && Captured == other.Captured
        && Refunded == other.Refunded
        && Fee == other.Fee
        && string.Equals(AuthorizationCode, other.AuthorizationCode, StringComparison.Ordinal)
        && string.Equals(Authorizer, other.Authorizer, StringComparison.Ordinal)
        && Equals(Decline, other.Decline)
        && string.Equals(FailureReason, other.FailureReason, StringComparison.Ordinal)
        && Equals(Pending, other.Pending)
        && CaptureOpen == other.CaptureOpen
        && Operations == other.Operations
        && DueAt == other.DueAt
        && Equals(StepUp, other.StepUp)
        && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt
        && Request.Equals(other.Request)
        && History.AsSpan().SequenceEqual(other.History.AsSpan())
        && RuleDecisions.AsSpan().SequenceEqual(other.RuleDecisions.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Status, Version);
}
