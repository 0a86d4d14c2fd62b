namespace PaymentCore.StepUp;

/// <summary>What one step-up attempt came to.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Challenge">The challenge after the attempt: persist it in place of the old one.</param>
/// <param name="Advice">For every verdict but <see cref="StepUpVerdict.Succeeded"/>: a sentence for the payer saying what to do next.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record StepUpResult(StepUpVerdict Verdict, StepUpChallenge Challenge, string? Advice)
{
    /// <summary>Gets whether the payer proved who they are.</summary>
    public bool Succeeded => Verdict == StepUpVerdict.Succeeded;

    /// <summary>Gets whether no further attempt can succeed (the payment should be declined with <see cref="Advice"/>, or it already succeeded).</summary>
    public bool IsFinal => Challenge.IsFinal;

    /// <summary>Gets how many wrong answers are still allowed.</summary>
    public int AttemptsLeft => Challenge.AttemptsLeft;
}
