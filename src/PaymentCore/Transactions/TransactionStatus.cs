namespace PaymentCore.Transactions;

/// <summary>
/// The states of a payment. The allowed moves between them are defined once, in
/// <see cref="PaymentStateMachine"/>.
/// </summary>
/// <remarks>
/// <code>
/// Received ──► Authorized ──► Captured ──► PartiallyRefunded ──► Refunded
///    │  ▲          │                 └─────────────────────────────▲
///    │  │          └─► Voided
///    ├─► RequiresAction ─► Authorized, Declined or Failed
///    ├─► Declined
///    └─► Failed
/// </code>
/// New states are appended: stores keep the number in a column and the name in the document, so neither may shift.
/// </remarks>
public enum TransactionStatus
{
    /// <summary>Accepted by the rules and recorded; the authorization is being asked for (or its outcome is unknown).</summary>
    Received = 0,

    /// <summary>The authorizer approved and holds the funds; not yet captured.</summary>
    Authorized = 1,

    /// <summary>Funds captured, fully or partially (a partial capture releases the rest of the hold).</summary>
    Captured = 2,

    /// <summary>Part of the captured amount was refunded.</summary>
    PartiallyRefunded = 3,

    /// <summary>The whole captured amount was refunded. Terminal.</summary>
    Refunded = 4,

    /// <summary>The authorization was released without capture. Terminal.</summary>
    Voided = 5,

    /// <summary>A rule or the authorizer declined. Terminal.</summary>
    Declined = 6,

    /// <summary>The payment could not be taken (a permanent fault, or transient faults past the retry policy). Terminal.</summary>
    Failed = 7,

    /// <summary>
    /// Waiting for the payer to prove who they are (step-up authentication: a one-time code, a TOTP code, or the
    /// authorizer's own challenge such as 3-D Secure). Nothing is held; the amounts do not change while it waits.
    /// <see cref="Processing.PaymentProcessor.ConfirmStepUpAsync"/> answers it; one that expires ends Failed.
    /// </summary>
    RequiresAction = 8,
}
