namespace PaymentCore;

/// <summary>
/// An operation sent to the authorizer whose outcome is not recorded yet: in flight, or unknown after a timeout
/// or a lost response. Recovery resolves it by asking the authorizer (by idempotency key) and never by guessing.
/// </summary>
/// <param name="Operation">The operation.</param>
/// <param name="OperationKey">The idempotency key it was sent with.</param>
/// <param name="Amount">The amount it moves.</param>
/// <param name="Since">When it was sent.</param>
/// <param name="OutcomeUnknown"><see langword="true"/> once a timeout or lost response made the outcome unknown.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record PendingOperation(
    AuthorizerOperation Operation,
    string OperationKey,
    Money Amount,
    DateTimeOffset Since,
    bool OutcomeUnknown);
