using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>What recording one authorizer answer came to: the record as written, and the operation's outcome.</summary>
internal readonly record struct Settled(TransactionRecord Record, PaymentOutcome Outcome, DeclineInfo? Decline = null, string? Reason = null, DeclineAdvice? Advice = null)
{
    public PaymentResult ToResult(PaymentOperation operation) => new(Record, operation, Outcome, replayed: false, Decline, Reason, Advice)
    {
        NextAction = Outcome == PaymentOutcome.RequiresAction ? Record.StepUp?.NextAction() : null,
    };
}
