using PaymentCore.Transactions;

namespace PaymentCore.Webhooks.Endpoints;

/// <summary>The event types PaymentCore sends: <c>payment.</c> and the state the payment moved to.</summary>
public static class WebhookEventTypes
{
    /// <summary>A payment was received (recorded before authorization).</summary>
    public const string Received = "payment.received";

    /// <summary>A payment was authorized.</summary>
    public const string Authorized = "payment.authorized";

    /// <summary>A payment was captured.</summary>
    public const string Captured = "payment.captured";

    /// <summary>Part of a captured payment was refunded.</summary>
    public const string PartiallyRefunded = "payment.partially_refunded";

    /// <summary>A payment was refunded in full.</summary>
    public const string Refunded = "payment.refunded";

    /// <summary>An authorization was voided.</summary>
    public const string Voided = "payment.voided";

    /// <summary>A payment was declined.</summary>
    public const string Declined = "payment.declined";

    /// <summary>A payment failed.</summary>
    public const string Failed = "payment.failed";

    /// <summary>A payment waits for its payer's step-up authentication (a code, or the authorizer's 3-D Secure challenge).</summary>
    public const string RequiresAction = "payment.requires_action";

    /// <summary>Gets every type.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Received, Authorized, Captured, PartiallyRefunded, Refunded, Voided, Declined, Failed, RequiresAction,
    };

    /// <summary>Gets the type of a change to a state.</summary>
    /// <param name="to">The state after the change.</param>
    /// <returns>The event type.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined state.</exception>
    public static string For(TransactionStatus to) => "payment." + StateName(to);

    /// <summary>Gets the snake_case name of a state, as the payload writes it.</summary>
    /// <param name="status">The state.</param>
    /// <returns>For example <c>partially_refunded</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined state.</exception>
    public static string StateName(TransactionStatus status) => status switch
    {
        TransactionStatus.Received => "received",
        TransactionStatus.Authorized => "authorized",
        TransactionStatus.Captured => "captured",
        TransactionStatus.PartiallyRefunded => "partially_refunded",
        TransactionStatus.Refunded => "refunded",
        TransactionStatus.Voided => "voided",
        TransactionStatus.Declined => "declined",
        TransactionStatus.Failed => "failed",
        TransactionStatus.RequiresAction => "requires_action",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a defined transaction status."),
    };
}
