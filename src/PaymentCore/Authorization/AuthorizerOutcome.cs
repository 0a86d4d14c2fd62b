namespace PaymentCore.Authorization;

/// <summary>
/// How an authorizer answered. Each outcome maps to one retry decision, so the processor never retries what it
/// must not (a decline) and never guesses an outcome it does not know.
/// </summary>
public enum AuthorizerOutcome
{
    /// <summary>Done. Never retried.</summary>
    Approved = 0,

    /// <summary>Refused by the issuer or the authorizer's own rules. Never retried.</summary>
    Declined = 1,

    /// <summary>Not done, and may succeed if sent again (rate limit, 503 before processing). Retried with the same key.</summary>
    TransientFailure = 2,

    /// <summary>Not done, and will not succeed if sent again (bad configuration, invalid request). Never retried.</summary>
    PermanentFailure = 3,

    /// <summary>Not sent at all (connection refused, circuit open): safe to send to the next authorizer of a route.</summary>
    Unreachable = 4,

    /// <summary>
    /// Sent, but no answer came back (timeout, lost response): it may or may not have been done. Resolved by asking
    /// the authorizer for the outcome by idempotency key; never retried in a way that could charge twice.
    /// </summary>
    Unknown = 5,

    /// <summary>Answer to a status query: the authorizer never saw that operation.</summary>
    NotFound = 6,

    /// <summary>
    /// Not done yet: the issuer wants the payer to authenticate first (3-D Secure's challenge, Stripe's
    /// <c>requires_action</c>). <see cref="AuthorizerResult.Challenge"/> says how; the payment waits in
    /// <see cref="Transactions.TransactionStatus.RequiresAction"/> and the payer's authentication result is forwarded
    /// to <see cref="IAuthorizer.CompleteAuthenticationAsync"/>. Never retried. Appended, so stored numbers keep their meaning.
    /// </summary>
    AuthenticationRequired = 7,
}
