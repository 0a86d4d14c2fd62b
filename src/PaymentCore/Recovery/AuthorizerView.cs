using PaymentCore.Authorization;

namespace PaymentCore.Recovery;

/// <summary>What recovery has learnt from the authorizer about one record so far: nothing, the operation's status, and for an unrecorded authorization the status of its rollback void.</summary>
/// <param name="Answer">The status of the operation in flight, once asked.</param>
/// <param name="Index">The route index of the authorizer that answered.</param>
/// <param name="RollbackVoid">The status of the rollback void, once asked.</param>
/// <param name="Sale">Whether <paramref name="Answer"/> is a one-step sale's (its approval means the money was taken, and no rollback void exists).</param>
internal readonly record struct AuthorizerView(AuthorizerResult? Answer, int Index = 0, AuthorizerResult? RollbackVoid = null, bool Sale = false)
{
    public static AuthorizerView None => default;
}
