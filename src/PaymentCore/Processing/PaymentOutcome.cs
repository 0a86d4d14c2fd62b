namespace PaymentCore;

/// <summary>What a payment came to, in one word.</summary>
public enum PaymentOutcome
{
    /// <summary>The authorizer approved: the payment is authorized, captured or (later) refunded.</summary>
    Approved = 0,

    /// <summary>A rule or the authorizer declined (see <see cref="PaymentResult.Decline"/>).</summary>
    Declined = 1,

    /// <summary>The payment could not be taken, or an operation on it was refused (see <see cref="PaymentResult.FailureReason"/>).</summary>
    Failed = 2,

    /// <summary>Not finished: in progress elsewhere, or its outcome at the authorizer is unknown until recovery resolves it.</summary>
    Pending = 3,

    /// <summary>The authorization was released without capture.</summary>
    Voided = 4,
}
