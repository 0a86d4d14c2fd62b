namespace PaymentCore.Processing;

/// <summary>What the operation asked for came to at the authorizer, in one word. It says only what happened.</summary>
public enum PaymentOutcome
{
    /// <summary>It happened: the payment was authorized (and captured in automatic mode), or the capture, void or refund was done.</summary>
    Approved = 0,

    /// <summary>A rule or the authorizer refused it; see <see cref="PaymentResult.Decline"/> for the code, who refused and the advice. Nothing moved.</summary>
    Declined = 1,

    /// <summary>It did not happen and will not (see <see cref="PaymentResult.FailureReason"/>); anything held was released.</summary>
    Failed = 2,

    /// <summary>Not known yet: sent, but its outcome is unknown (see <see cref="PaymentResult.PendingReason"/>). Recovery finishes it; nothing is guessed.</summary>
    Pending = 3,

    /// <summary>
    /// Waiting for the payer to prove who they are: see <see cref="PaymentResult.NextAction"/> for what they must do,
    /// then answer with <see cref="PaymentProcessor.ConfirmStepUpAsync"/>. Nothing is held yet.
    /// </summary>
    RequiresAction = 4,
}
