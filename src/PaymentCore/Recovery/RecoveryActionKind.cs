namespace PaymentCore.Recovery;

/// <summary>What recovery does next with one record (<see cref="Reconciler.Decide"/>).</summary>
internal enum RecoveryActionKind
{
    /// <summary>Nothing to do now (a hold waiting for the merchant before its deadline, or nothing open).</summary>
    Nothing = 0,

    /// <summary>Ask the authorizer for the outcome of the operation in flight (the authorization of a Received record).</summary>
    Ask = 1,

    /// <summary>The authorization was done but never recorded: ask whether the rollback void that follows a failed write was done too.</summary>
    AskRollbackVoid = 2,

    /// <summary>Record the authorizer's answer (done, or refused) as the live path would.</summary>
    Apply = 3,

    /// <summary>The authorizer never saw the operation: send it again with the same key (it cannot be done twice).</summary>
    Resend = 4,

    /// <summary>The outcome is still unknown: ask again later, backing off per record.</summary>
    RetryLater = 5,

    /// <summary>The authorization and its rollback void were both done: record both.</summary>
    RecordAuthorizedThenVoided = 6,

    /// <summary>No authorizer of the route saw the authorization: nothing is held; record the payment failed.</summary>
    Fail = 7,

    /// <summary>An automatic payment is authorized with no capture in flight: start the capture.</summary>
    StartCapture = 8,

    /// <summary>The capture deadline passed: void what is still held.</summary>
    StartVoid = 9,
}
