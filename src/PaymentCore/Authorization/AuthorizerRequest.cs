using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>
/// One operation sent to an authorizer, with everything a card or bank connector needs to build the gateway's
/// own request. <see cref="IdempotencyKey"/> identifies the operation: an authorizer must answer a repeat with
/// its first outcome and not perform it twice, which is what makes retries safe. A status query
/// (<see cref="IAuthorizer.QueryAsync"/>) receives the original request, so an adapter over a gateway with no
/// lookup by key (Stripe) may resolve it by sending the same request again with the same key.
/// </summary>
/// <param name="Operation">The operation.</param>
/// <param name="TransactionId">The transaction.</param>
/// <param name="IdempotencyKey">The operation's own key (<see cref="OperationKeys"/>): one per operation, at most 64 ASCII characters.</param>
/// <param name="Amount">The amount to authorize, capture or refund; the amount still held for a void.</param>
/// <param name="Payment">The payment request as the caller made it.</param>
/// <param name="AuthorizationCode">The authorization code, for every operation after the authorization.</param>
/// <param name="Reference">The authorizer's reference of the authorization (its charge or payment-intent id), for every operation after it.</param>
/// <param name="FinalCapture">For a capture: whether it releases the rest of the hold; <see langword="true"/> for every other operation.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct AuthorizerRequest(
    AuthorizerOperation Operation,
    TransactionId TransactionId,
    string IdempotencyKey,
    Money Amount,
    PaymentRequest Payment,
    string? AuthorizationCode = null,
    string? Reference = null,
    bool FinalCapture = true)
{
    /// <summary>
    /// Gets the card verification code the caller passed to
    /// <see cref="Processing.PaymentProcessor.ProcessAsync(PaymentRequest, CardVerificationCode, CancellationToken)"/>: on
    /// the authorization only (retries of that authorization included), <see langword="null"/> on every other operation,
    /// on status queries and after a restart (PCI DSS 3.3.1: it is never stored).
    /// </summary>
    public CardVerificationCode? VerificationCode { get; init; }

    /// <summary>Gets the merchant.</summary>
    public string MerchantId => Payment.MerchantId;

    /// <summary>Gets the payer's instrument.</summary>
    public PaymentInstrument Payer => Payment.Payer;

    /// <summary>Gets the account credited.</summary>
    public string Payee => Payment.Payee;

    /// <summary>Gets the payee's name, if given (SEPA and bank transfers need it).</summary>
    public string? PayeeName => Payment.PayeeName;

    /// <summary>Gets the payee's BIC, if given.</summary>
    public string? PayeeBic => Payment.PayeeBic;

    /// <summary>Gets the end-to-end id the payer's bank passes to the payee's, if given.</summary>
    public string? EndToEndId => Payment.EndToEndId;

    /// <summary>Gets the text for the payer's statement, if given.</summary>
    public string? StatementDescriptor => Payment.StatementDescriptor;

    /// <summary>Gets the description.</summary>
    public string? Description => Payment.Description;

    /// <summary>Gets the caller's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Payment.Metadata;
}
