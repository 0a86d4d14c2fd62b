using PaymentCore.Authorization;

namespace PaymentCore.Recovery;

/// <summary>What recovery has learnt from the authorizer about one record so far: nothing, the operation's status, and for an unrecorded authorization the status of its rollback void.</summary>
/// <param name="Answer">The status of the operation in flight, once asked.</param>
/// <param name="Index">The route index of the authorizer that answered.</param>
/// <param name="RollbackVoid">The status of the rollback void, once asked.</param>
internal readonly record struct AuthorizerView(AuthorizerResult? Answer, int Index = 0, AuthorizerResult? RollbackVoid = null)
{
    public static AuthorizerView None => default;
}
