using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>
/// Derives the idempotency key of each operation sent to an authorizer. Every operation has its own key, so a
/// gateway that deduplicates by key alone (Stripe, Adyen) never confuses a capture with the void after it:
/// <list type="bullet">
/// <item><c>{transactionId}.authorize</c> for the authorization (the payment's first operation);</item>
/// <item><c>{transactionId}.sale</c> for a one-step sale (<see cref="ISaleAuthorizer"/>), which takes the authorization's place;</item>
/// <item><c>{transactionId}.capture.{n}</c>, <c>{transactionId}.void.{n}</c>, <c>{transactionId}.refund.{n}</c> for later ones,
/// where <c>n</c> is the operation's number on the payment (2 for the first after the authorization).</item>
/// </list>
/// Keys are deterministic (recovery derives the same key after a crash), at most 64 characters (within Stripe's
/// 255), and made of ASCII letters, digits and dots. The transaction id is a hash of the merchant and the
/// caller's key, so caller text never reaches the authorizer as a key.
/// </summary>
public static class OperationKeys
{
    /// <summary>The key of the authorization.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <returns>The key.</returns>
    public static string Authorize(TransactionId transactionId) => transactionId + ".authorize";

    /// <summary>
    /// The key of a one-step sale: its own, never the authorization's, so a gateway that deduplicates by key alone
    /// never answers a sale with an authorization's outcome (or the reverse) after a failover or a change of mode.
    /// </summary>
    /// <param name="transactionId">The transaction.</param>
    /// <returns>The key.</returns>
    public static string Sale(TransactionId transactionId) => transactionId + ".sale";

    /// <summary>The key of the <paramref name="number"/>th operation of a payment.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="number">Its number on the payment: 2 or more (the authorization is 1).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is below 2, or <paramref name="operation"/> is the authorization or a sale.</exception>
    public static string For(TransactionId transactionId, AuthorizerOperation operation, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 2);
        return operation switch
        {
            AuthorizerOperation.Capture => $"{transactionId}.capture.{number}",
            AuthorizerOperation.Void => $"{transactionId}.void.{number}",
            AuthorizerOperation.Refund => $"{transactionId}.refund.{number}",
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "The authorization's key is OperationKeys.Authorize, the sale's OperationKeys.Sale."),
        };
    }
}
