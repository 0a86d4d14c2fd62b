namespace PaymentCore.StepUp;

/// <summary>A one-time code on its way to the payer: the only place the code exists in clear.</summary>
/// <param name="ChallengeId">The challenge it answers.</param>
/// <param name="Subject">Who receives it; the notifier looks up where to send (phone, e-mail).</param>
/// <param name="Code">The six digits. Deliver them; never log or store them.</param>
/// <param name="ExpiresAt">When the code stops working, UTC, to tell the payer.</param>
/// <remarks>Immutable. <see cref="ToString"/> hides the code so that a logged message leaks nothing.</remarks>
public sealed record OneTimeCodeMessage(string ChallengeId, string Subject, string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Describes the message without its code.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"OneTimeCodeMessage {{ ChallengeId = {ChallengeId}, Subject = {Subject}, Code = ******, ExpiresAt = {ExpiresAt:O} }}";
}
