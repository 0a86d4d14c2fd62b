using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>
/// Whether a payment's record chose the one-step sale (<see cref="ISaleAuthorizer"/>): the record says so itself, so
/// the live path and recovery after a crash ask the same question, whatever the route looks like by then. The choice
/// is written with the record's first write (a Received record whose operation in flight is the sale), and kept
/// across a step-up the sale's authorizer asked for (the RequiresAction entry records the sale).
/// </summary>
internal static class SaleIntent
{
    public static bool Of(TransactionRecord record) =>
        record.Pending is { Operation: AuthorizerOperation.Sale }
        || (record is { Status: TransactionStatus.RequiresAction, Pending: null } && record.History[^1] is { To: TransactionStatus.RequiresAction, Operation: AuthorizerOperation.Sale });

    /// <summary>The sale's intent on a new record: written with it, before anything is sent.</summary>
    public static PendingOperation For(TransactionRecord received, DateTimeOffset now) =>
        new(AuthorizerOperation.Sale, null, received.Amount, now, OutcomeUnknown: false, OperationKeys.Sale(received.Id));
}
