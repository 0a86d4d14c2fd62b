using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Processing;

namespace PaymentCore.Transactions;

/// <summary>
/// The intent of an operation on a payment: written in the same store write that makes it pending, before
/// anything is sent to the authorizer. While it is there no other operation may start
/// (<see cref="OperationInProgressException"/>), and recovery resolves it by asking the authorizer with the
/// original request and key, never by guessing.
/// </summary>
/// <param name="Operation">The operation.</param>
/// <param name="OperationKey">The caller's key for the operation (a refund's or capture's own key), if any.</param>
/// <param name="Amount">The amount it moves.</param>
/// <param name="Since">When the intent was recorded.</param>
/// <param name="OutcomeUnknown"><see langword="true"/> once a timeout or lost response made the outcome unknown.</param>
/// <param name="AuthorizerKey">The idempotency key sent to the authorizer, derived by <see cref="OperationKeys"/>.</param>
/// <param name="Attempts">How many times recovery has asked the authorizer about it without an answer (drives its backoff).</param>
/// <param name="FinalCapture">For a capture: whether it releases the rest of the hold (no capture may follow).</param>
/// <param name="Rollback">For a void: <see langword="true"/> when it rolls back an automatic capture the authorizer refused, so the payment failed.</param>
/// <param name="Automatic">
/// <see langword="true"/> when the processor started it, not a caller (an automatic capture, a rollback, a void at the
/// capture deadline): when it fails transiently it stays in flight for recovery to send again, since no caller will.
/// </param>
/// <param name="Reason">Why the processor started it (a void's reason, such as <c>authorization_expired</c>), if it did.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record PendingOperation(
    AuthorizerOperation Operation,
    string? OperationKey,
    Money Amount,
    DateTimeOffset Since,
    bool OutcomeUnknown,
    string AuthorizerKey = "",
    int Attempts = 0,
    bool FinalCapture = true,
    bool Rollback = false,
    bool Automatic = false,
    string? Reason = null);
