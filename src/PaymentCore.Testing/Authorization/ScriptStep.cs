namespace PaymentCore.Testing.Authorization;

/// <summary>One scripted answer of <see cref="ScriptedAuthorizer"/>.</summary>
public enum ScriptStep
{
    /// <summary>Send to the inner authorizer and return its answer.</summary>
    PassThrough = 0,

    /// <summary>Answer Unknown (timeout) without sending: the operation was not done.</summary>
    TimeoutBeforeSending = 1,

    /// <summary>Send to the inner authorizer, then answer Unknown: the operation was done but the response was lost.</summary>
    TimeoutAfterProcessing = 2,

    /// <summary>Answer a transient failure without sending.</summary>
    TransientFailure = 3,

    /// <summary>Answer a permanent failure without sending.</summary>
    PermanentFailure = 4,

    /// <summary>Answer Unreachable without sending.</summary>
    Unreachable = 5,

    /// <summary>Answer a decline without sending.</summary>
    Decline = 6,

    /// <summary>Throw an exception without sending.</summary>
    Throw = 7,
}
