using PaymentCore.Authorization;

namespace PaymentCore.Resilience;

/// <summary>What the processor does with one authorizer answer. Every <see cref="AuthorizerOutcome"/> maps to exactly one.</summary>
internal enum RetryDecision
{
    /// <summary>The operation was done: record it.</summary>
    Done = 0,

    /// <summary>Not done and may succeed again: send it again to the same authorizer, with the same idempotency key.</summary>
    RetrySameAuthorizer = 1,

    /// <summary>Not sent at all: send it to the next authorizer of the route (for an authorization), or again to the one that holds it.</summary>
    TryNextAuthorizer = 2,

    /// <summary>Refused (declined or a permanent failure): never sent again.</summary>
    NeverRetry = 3,

    /// <summary>It may have been done: never re-sent blindly; ask the authorizer by idempotency key first.</summary>
    ResolveByQuery = 4,
}
