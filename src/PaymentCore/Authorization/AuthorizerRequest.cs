namespace PaymentCore.Authorization;

/// <summary>
/// One operation sent to an authorizer. The pair (<see cref="MerchantId"/>, <see cref="IdempotencyKey"/>) with
/// <see cref="Operation"/> identifies it: an authorizer must treat a repeat as the same operation and answer
/// with the first outcome, which is what makes retries safe.
/// </summary>
/// <param name="Operation">The operation.</param>
/// <param name="TransactionId">The transaction.</param>
/// <param name="MerchantId">The merchant.</param>
/// <param name="IdempotencyKey">The operation's idempotency key: the payment's key, or a refund's own key.</param>
/// <param name="Amount">The amount to authorize, capture or refund; the authorized amount for a void.</param>
/// <param name="Payer">The payer's instrument.</param>
/// <param name="Payee">The account credited.</param>
/// <param name="AuthorizationCode">The authorization code, for every operation after the authorization.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct AuthorizerRequest(
    AuthorizerOperation Operation,
    TransactionId TransactionId,
    string MerchantId,
    string IdempotencyKey,
    Money Amount,
    PaymentInstrument Payer,
    string Payee,
    string? AuthorizationCode);
