namespace PaymentCore.StepUp;

/// <summary>
/// What the payer must do before a payment waiting in <see cref="Transactions.TransactionStatus.RequiresAction"/> can
/// go on. It never holds a code: a one-time code goes only to the payer, through the notifier.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="Method">The authenticator's method (<c>one-time-code</c>, <c>totp</c>), or <c>authorizer</c>.</param>
/// <param name="ExpiresAt">When the challenge stops accepting answers, UTC.</param>
/// <param name="AttemptsLeft">Wrong answers still allowed.</param>
/// <param name="RedirectUrl">For the authorizer's challenge: where to send the payer, if it gave one.</param>
/// <param name="Payload">For the authorizer's challenge: the data its SDK needs, if it gave some.</param>
/// <param name="Message">A sentence for the payer after a wrong answer (how many tries are left), or <see langword="null"/>.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record StepUpNextAction(
    StepUpActionKind Kind,
    string Method,
    DateTimeOffset ExpiresAt,
    int AttemptsLeft,
    Uri? RedirectUrl = null,
    string? Payload = null,
    string? Message = null);
