using PaymentCore.Authorization;
using PaymentCore.Monetary;

namespace PaymentCore.Transactions;

/// <summary>One recorded change of a transaction's state: its history is the list of these.</summary>
/// <param name="Version">
/// The record version this change produced (1 for the first). Two entries share a version only after a one-step sale
/// (<see cref="Authorization.ISaleAuthorizer"/>): its Authorized and Captured steps were recorded in one write.
/// </param>
/// <param name="From">The state before; equal to <paramref name="To"/> for the first change and for a further partial refund.</param>
/// <param name="To">The state after.</param>
/// <param name="Amount">The amount the change moved (authorized, captured, refunded), or zero.</param>
/// <param name="At">When the change was recorded, from the processor's <see cref="TimeProvider"/>.</param>
/// <param name="OperationKey">The idempotency key of the operation (a refund's own key), if any.</param>
/// <param name="Reason">A decline or failure code, if any.</param>
/// <param name="Operation">The authorizer operation this entry records (done or refused), if any.</param>
/// <param name="Reference">The authorizer's reference for that operation (a charge, capture or refund id), if it gave one.</param>
/// <param name="Refused">
/// <see langword="true"/> when the entry records an operation the authorizer refused: the state did not move
/// (<paramref name="From"/> equals <paramref name="To"/>) and <paramref name="Reason"/> says why.
/// </param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record StateChange(
    long Version,
    TransactionStatus From,
    TransactionStatus To,
    Money Amount,
    DateTimeOffset At,
    string? OperationKey = null,
    string? Reason = null,
    AuthorizerOperation? Operation = null,
    string? Reference = null,
    bool Refused = false);
